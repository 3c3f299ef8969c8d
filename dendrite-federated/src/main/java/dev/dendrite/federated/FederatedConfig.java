package dev.dendrite.federated;

/**
 * A federated training run: K clients holding the data dealt by {@code split}; each round the server samples a
 * fraction C of them (at least one), each trains the global model for E local epochs with batch B and plain SGD
 * at {@code lr} (plus FedProx's proximal term when mu > 0), and the sample-weighted mean of their updates, summed
 * as {@code aggregation} says, moves the global model (with server momentum beta when beta > 0). {@code dropOuts}
 * of the sampled clients leave each round after training and sharing keys, before sending their update.
 *
 * @param hidden the widths of the model's hidden layers (none: logistic regression)
 */
public record FederatedConfig(int clients, double fraction, ClientSplit split, int rounds, int localEpochs,
                              int batchSize, double lr, int[] hidden, double mu, double serverMomentum,
                              Aggregation aggregation, int dropOuts, int paillierBits, FixedPoint fixedPoint,
                              long seed) {
    /** How the server sums the clients' updates. */
    public enum Aggregation {
        /** In the clear (float64): the server sees every update. */
        NONE,
        /** Pairwise masking (Bonawitz et al.): the server sees only the sum. */
        MASKING,
        /** Paillier encryption: the aggregator adds ciphertexts, a separate key holder decrypts only the sum. */
        PAILLIER
    }

    public FederatedConfig {
        hidden = hidden.clone();
        if (clients < 1 || !(fraction > 0 && fraction <= 1) || rounds < 1 || localEpochs < 1 || batchSize < 1
                || !(lr > 0) || !(mu >= 0) || !(serverMomentum >= 0 && serverMomentum < 1) || dropOuts < 0) {
            throw new IllegalArgumentException("federated: need clients >= 1, 0 < fraction <= 1, rounds, local epochs"
                    + " and batch size >= 1, lr > 0, mu >= 0, 0 <= server momentum < 1 and drop-outs >= 0");
        }
        for (int h : hidden) {
            if (h < 1) throw new IllegalArgumentException("--hidden: layer widths must be >= 1, got " + h);
        }
        if (aggregation == Aggregation.MASKING && sampled(clients, fraction) - dropOuts < threshold(clients, fraction)) {
            throw new IllegalArgumentException("--dropouts " + dropOuts + ": of the " + sampled(clients, fraction)
                    + " clients sampled each round, " + threshold(clients, fraction) + " must stay for the server to"
                    + " unmask the sum");
        }
        if (dropOuts >= sampled(clients, fraction)) {
            throw new IllegalArgumentException("--dropouts " + dropOuts + ": must be fewer than the "
                    + sampled(clients, fraction) + " clients sampled each round");
        }
    }

    /** Clients sampled each round: round(C K), at least one. */
    public int sampledPerRound() {
        return sampled(clients, fraction);
    }

    /** The secret-sharing threshold t of masking: a majority of the sampled clients. */
    public int threshold() {
        return threshold(clients, fraction);
    }

    private static int sampled(int clients, double fraction) {
        return Math.max(1, (int) Math.round(fraction * clients));
    }

    private static int threshold(int clients, double fraction) {
        return sampled(clients, fraction) / 2 + 1;
    }
}

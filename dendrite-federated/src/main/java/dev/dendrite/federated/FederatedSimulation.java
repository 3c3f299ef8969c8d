package dev.dendrite.federated;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Federated averaging (McMahan et al. 2017) run in one process, round by round: the server samples clients,
 * each trains a copy of the global model on its own examples through the one training loop, and their updates
 * (local minus global weights, each scaled by its sample count over the round's largest) are summed in the clear,
 * by pairwise masking or under Paillier encryption; the global model moves by the weighted mean update and is
 * evaluated on the held-out test set. The same seed gives the same model whichever secure aggregation sums the
 * updates up to its fixed-point rounding, since masks and ciphertexts cancel exactly.
 */
public final class FederatedSimulation {
    /**
     * What one round did: the global model's test metrics after it, who took part, and its cost (the networked
     * server reports the whole round as training time and NaN for aggregation, which it does not time apart).
     */
    public record Round(int round, double testAccuracy, double testLoss, int sampled, int included,
                        long clippedValues, double trainSeconds, double aggregationSeconds, long bytesToServer) {}

    private final FederatedData data;
    private final FederatedConfig config;
    private final FederatedModel model;
    private final int[][] shards;
    private float[] global;

    public FederatedSimulation(FederatedData data, FederatedConfig config) {
        this.data = data;
        this.config = config;
        this.model = new FederatedModel(data.features(), data.classes(), config);
        this.shards = config.split().assign(data.labels(), data.groups(), config.clients(), config.seed());
        this.global = model.weights();
    }

    /** The example indices of each client. */
    public int[][] shards() {
        return shards;
    }

    /** The global model's parameters as one vector. */
    public float[] weights() {
        return global.clone();
    }

    /** Runs every round, handing each one's record to {@code progress}; returns them all. */
    public List<Round> run(Consumer<Round> progress) {
        ClientSampling sampling = new ClientSampling(config);
        SecureRandom random = new SecureRandom();
        Paillier.PrivateKey keyHolder = config.aggregation() == FederatedConfig.Aggregation.PAILLIER
                ? Paillier.generate(config.paillierBits(), random) : null;
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= config.rounds(); round++) {
            int[] selected = sampling.next();
            Set<Integer> leaving = sampling.leaving(selected);

            long start = System.nanoTime();
            Map<Integer, float[]> deltas = new TreeMap<>();
            Map<Integer, Integer> sizes = new TreeMap<>();
            for (int client : selected) {
                if (shards[client].length == 0) continue;
                deltas.put(client, model.localUpdate(global, data.train().subset(shards[client]), client, round));
                sizes.put(client, shards[client].length);
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            Aggregate sum = aggregate(deltas, sizes, leaving, round, random, keyHolder);
            double aggregationSeconds = (System.nanoTime() - start) / 1e9;
            model.applySum(global, sum.weightedSum(), sum.weights());
            double[] metrics = model.evaluate(global, data.test());
            Round r = new Round(round, metrics[0], metrics[1], selected.length, sum.included(), sum.clipped(),
                    trainSeconds, aggregationSeconds, sum.bytes());
            rounds.add(r);
            progress.accept(r);
            if (!Double.isFinite(r.testLoss())) {
                throw new IllegalStateException("federated: the global model's test loss is " + r.testLoss()
                        + " after round " + round + "; lower --lr");
            }
        }
        return rounds;
    }

    private record Aggregate(double[] weightedSum, double weights, int included, long clipped, long bytes) {}

    /** The weighted sum of the updates of the clients that did not leave, summed as the config says. */
    private Aggregate aggregate(Map<Integer, float[]> deltas, Map<Integer, Integer> sizes, Set<Integer> leaving,
                                int round, SecureRandom random, Paillier.PrivateKey keyHolder) {
        int length = model.length();
        int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        Map<Integer, float[]> scaled = new TreeMap<>();
        for (var e : deltas.entrySet()) {
            scaled.put(e.getKey(), FederatedModel.weighted(e.getValue(), sizes.get(e.getKey()), largest));
        }
        Set<Integer> senders = new TreeSet<>(scaled.keySet());
        senders.removeAll(leaving);
        double[] total = new double[length];
        long clipped = 0;
        long bytes = 0;
        Set<Integer> included = senders;
        FixedPoint fixed = config.fixedPoint();
        switch (config.aggregation()) {
            case NONE -> {
                for (int c : senders) {
                    float[] v = scaled.get(c);
                    for (int i = 0; i < length; i++) total[i] += v[i];
                }
                bytes = 4L * length * senders.size();
            }
            case MASKING -> {
                fixed.checkCapacity(scaled.size());
                Map<Integer, int[]> inputs = new TreeMap<>();
                for (var e : scaled.entrySet()) {
                    clipped += fixed.clipped(e.getValue());
                    inputs.put(e.getKey() + 1, fixed.encode(e.getValue()));
                }
                Set<Integer> gone = new TreeSet<>();
                for (int c : leaving) gone.add(c + 1);
                var result = MaskedAggregation.sum(inputs, config.threshold(), round,
                        new MaskedAggregation.DropOuts(Set.of(), gone, Set.of()), random);
                total = fixed.decode(result.sum());
                included = new TreeSet<>();
                for (int id : result.included()) included.add(id - 1);
                bytes = result.bytesToServer();
            }
            case PAILLIER -> {
                fixed.checkCapacity(scaled.size());
                PaillierPacking packing = new PaillierPacking(keyHolder.publicKey(), scaled.size());
                List<BigInteger[]> encrypted = new ArrayList<>();
                for (int c : senders) {
                    clipped += fixed.clipped(scaled.get(c));
                    BigInteger[] e = packing.encrypt(fixed.encode(scaled.get(c)), random);
                    for (BigInteger x : e) bytes += x.toByteArray().length;
                    encrypted.add(e);
                }
                total = fixed.decode(packing.decryptSum(keyHolder, packing.add(encrypted), senders.size(), length));
            }
        }
        double weights = 0;
        for (int c : included) weights += (double) sizes.get(c) / largest;
        return new Aggregate(total, weights, included.size(), clipped, bytes);
    }
}

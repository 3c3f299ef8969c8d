// The options federated simulate and federated server share: the data, the clients and how it is dealt to them,
// the rounds, local training and the fixed point of secure aggregation.
package dev.dendrite.cli;

import dev.dendrite.federated.ClientSplit;
import dev.dendrite.federated.FederatedConfig;
import dev.dendrite.federated.FederatedData;
import dev.dendrite.federated.FixedPoint;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Option;

import java.util.Arrays;

final class FederatedOptions {
    @Option(names = "--data", required = true, description = FederatedData.FORMS)
    String data;
    @Option(names = "--clients", defaultValue = "5", description = "clients the data is dealt to; 1 is centralised training (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--fraction", defaultValue = "1.0", description = "share C of the clients sampled each round (default: ${DEFAULT-VALUE})")
    double fraction;
    @Option(names = "--split", defaultValue = "iid", description = ClientSplit.FORMS + " (default: ${DEFAULT-VALUE})")
    String split;
    @Option(names = "--rounds", defaultValue = "20", description = "rounds (default: ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--local-epochs", defaultValue = "2", description = "epochs E each client trains per round (default: ${DEFAULT-VALUE})")
    int localEpochs;
    @Option(names = "--batch-size", defaultValue = "32", description = "local batch size B (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--lr", description = "local SGD learning rate (default: 0.1 for mnist, 4 for text, whose features have unit length)")
    Double lr;
    @Option(names = "--hidden", description = "hidden layer widths, e.g. 200,200 (default: 200,200 for mnist, none for text: logistic regression)")
    String hidden;
    @Option(names = "--mu", defaultValue = "0", description = "FedProx proximal weight, 0 for FedAvg (default: ${DEFAULT-VALUE})")
    double mu;
    @Option(names = "--server-momentum", defaultValue = "0", description = "server momentum beta (default: ${DEFAULT-VALUE})")
    double serverMomentum;
    @Option(names = "--clip", defaultValue = "4", description = "fixed-point clipping range +-clip of a weighted update value (default: ${DEFAULT-VALUE})")
    double clip;
    @Option(names = "--fraction-bits", defaultValue = "16", description = "fixed-point fractional bits (default: ${DEFAULT-VALUE})")
    int fractionBits;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the split, the model and the sampling (default: ${DEFAULT-VALUE})")
    long seed;

    /** The run these options describe on {@code loaded}. */
    FederatedConfig config(FederatedData loaded, FederatedConfig.Aggregation aggregation, int dropOuts, int paillierBits) {
        return new FederatedConfig(clients, fraction, ClientSplit.parse(split), rounds, localEpochs, batchSize,
                lr != null ? lr : isMnist(loaded) ? 0.1 : 4.0, widths(loaded), mu, serverMomentum, aggregation,
                dropOuts, paillierBits, new FixedPoint(clip, fractionBits), seed);
    }

    private int[] widths(FederatedData loaded) {
        String spec = hidden != null ? hidden : isMnist(loaded) ? "200,200" : "";
        if (spec.isBlank()) return new int[0];
        try {
            return Arrays.stream(spec.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new ConfigException("--hidden: expected widths such as 200,200, got '" + spec + "'");
        }
    }

    private static boolean isMnist(FederatedData loaded) {
        return loaded.features() == 784 && loaded.classes() == 10;
    }

    /** One line of a round's progress. */
    static String progress(dev.dendrite.federated.FederatedSimulation.Round r, int rounds) {
        return String.format(java.util.Locale.ROOT, "round %d/%d: test_accuracy %.2f%%, test_loss %.4f | %d of %d"
                        + " clients summed%s, %s", r.round(), rounds, 100 * r.testAccuracy(), r.testLoss(),
                r.included(), r.sampled(), r.clippedValues() > 0 ? ", " + r.clippedValues() + " values clipped" : "",
                Double.isNaN(r.aggregationSeconds()) ? String.format(java.util.Locale.ROOT, "%.1f s", r.trainSeconds())
                        : String.format(java.util.Locale.ROOT, "training %.1f s, aggregation %.2f s", r.trainSeconds(),
                        r.aggregationSeconds()));
    }
}

// dendrite federated simulate: FedAvg rounds with every client and the server in this process, the updates summed
// in the clear, by pairwise masking or under Paillier encryption; prints the global model's test accuracy per round.
package dev.dendrite.cli;

import dev.dendrite.federated.ClientSplit;
import dev.dendrite.federated.FederatedConfig;
import dev.dendrite.federated.FederatedData;
import dev.dendrite.federated.FederatedSimulation;
import dev.dendrite.federated.FixedPoint;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run federated averaging with N simulated clients in one process.")
final class FederatedSimulateCommand implements Callable<Integer> {
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
    @Option(names = "--secure-aggregation", defaultValue = "masking", description = "masking | paillier | none (default: ${DEFAULT-VALUE})")
    String secureAggregation;
    @Option(names = "--dropouts", defaultValue = "0", description = "sampled clients that leave each round before sending their update (default: ${DEFAULT-VALUE})")
    int dropOuts;
    @Option(names = "--paillier-bits", defaultValue = "2048", description = "Paillier key size (default: ${DEFAULT-VALUE})")
    int paillierBits;
    @Option(names = "--clip", defaultValue = "4", description = "fixed-point clipping range +-clip of a weighted update value (default: ${DEFAULT-VALUE})")
    double clip;
    @Option(names = "--fraction-bits", defaultValue = "16", description = "fixed-point fractional bits (default: ${DEFAULT-VALUE})")
    int fractionBits;
    @Option(names = "--target-accuracy", description = "report the first round whose test accuracy reaches this share, e.g. 0.97")
    Double target;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the split, the model and the sampling (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        FederatedConfig.Aggregation aggregation = switch (secureAggregation) {
            case "masking" -> FederatedConfig.Aggregation.MASKING;
            case "paillier" -> FederatedConfig.Aggregation.PAILLIER;
            case "none" -> FederatedConfig.Aggregation.NONE;
            default -> throw new ConfigException("--secure-aggregation: expected masking, paillier or none, got '"
                    + secureAggregation + "'");
        };
        if (paillierBits < 1024 && aggregation == FederatedConfig.Aggregation.PAILLIER) {
            throw new ConfigException("--paillier-bits: keys below 1024 bits are breakable, got " + paillierBits);
        }
        FederatedData loaded = FederatedData.load(data, seed);
        FederatedConfig config = new FederatedConfig(clients, fraction, ClientSplit.parse(split), rounds, localEpochs,
                batchSize, lr != null ? lr : isMnist(loaded) ? 0.1 : 4.0, widths(loaded), mu, serverMomentum, aggregation, dropOuts, paillierBits,
                new FixedPoint(clip, fractionBits), seed);
        FederatedSimulation simulation = new FederatedSimulation(loaded, config);
        if (!json) {
            System.out.printf("%d training examples over %d clients (%s split, sizes %s), %d test examples%n",
                    loaded.train().size(), clients, split, sizes(simulation.shards()), loaded.test().size());
        }
        long start = System.nanoTime();
        List<FederatedSimulation.Round> history = simulation.run(r -> {
            if (!json) {
                System.out.printf(Locale.ROOT, "round %d/%d: test_accuracy %.2f%%, test_loss %.4f | %d of %d clients"
                                + " summed%s, training %.1f s, aggregation %.2f s%n", r.round(), rounds,
                        100 * r.testAccuracy(), r.testLoss(), r.included(), r.sampled(),
                        r.clippedValues() > 0 ? ", " + r.clippedValues() + " values clipped" : "",
                        r.trainSeconds(), r.aggregationSeconds());
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        FederatedSimulation.Round last = history.getLast();
        Integer reached = null;
        if (target != null) {
            for (var r : history) {
                if (r.testAccuracy() >= target) {
                    reached = r.round();
                    break;
                }
            }
        }
        if (json) {
            List<Object> accuracies = new ArrayList<>();
            for (var r : history) accuracies.add(r.testAccuracy());
            JsonObject o = new JsonObject().put("test_accuracy", last.testAccuracy()).put("test_loss", last.testLoss())
                    .put("rounds", rounds).put("clients", clients).put("split", split)
                    .put("secure_aggregation", secureAggregation).put("round_test_accuracy", accuracies)
                    .put("seconds", seconds);
            if (target != null) o.put("rounds_to_target", reached);
            System.out.println(o);
        } else {
            System.out.printf(Locale.ROOT, "test_accuracy %.2f%% after %d rounds; %.1f s in all%n",
                    100 * last.testAccuracy(), rounds, seconds);
            if (target != null) {
                System.out.println(reached == null ? "test accuracy never reached " + target
                        : "test accuracy reached " + target + " in round " + reached);
            }
        }
        return 0;
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

    private static String sizes(int[][] shards) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int[] s : shards) {
            min = Math.min(min, s.length);
            max = Math.max(max, s.length);
        }
        return min == max ? String.valueOf(min) : min + ".." + max;
    }
}

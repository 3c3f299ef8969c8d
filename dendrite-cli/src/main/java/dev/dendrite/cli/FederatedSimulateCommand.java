// dendrite federated simulate: FedAvg rounds with every client and the server in this process, the updates summed
// in the clear, by pairwise masking or under Paillier encryption; prints the global model's test accuracy per round.
package dev.dendrite.cli;

import dev.dendrite.federated.FederatedConfig;
import dev.dendrite.federated.FederatedData;
import dev.dendrite.federated.FederatedModel;
import dev.dendrite.federated.FederatedSimulation;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run federated averaging with N simulated clients in one process.")
final class FederatedSimulateCommand implements Callable<Integer> {
    @Mixin
    FederatedOptions run;
    @Option(names = "--secure-aggregation", defaultValue = "masking", description = "masking | paillier | none (default: ${DEFAULT-VALUE})")
    String secureAggregation;
    @Option(names = "--dropouts", defaultValue = "0", description = "sampled clients that leave each round before sending their update (default: ${DEFAULT-VALUE})")
    int dropOuts;
    @Option(names = "--paillier-bits", defaultValue = "2048", description = "Paillier key size (default: ${DEFAULT-VALUE})")
    int paillierBits;
    @Option(names = "--target-accuracy", description = "report the first round whose test accuracy reaches this share, e.g. 0.97")
    Double target;
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
        FederatedData loaded = FederatedData.load(run.data, run.seed);
        FederatedConfig config = run.config(loaded, aggregation, dropOuts, paillierBits);
        int rounds = config.rounds();
        FederatedSimulation simulation = new FederatedSimulation(loaded, config);
        if (!json) {
            System.out.printf("%d training examples over %d clients (%s split, sizes %s), %d test examples%n",
                    loaded.train().size(), config.clients(), config.split(), sizes(simulation.shards()),
                    loaded.test().size());
        }
        long start = System.nanoTime();
        List<FederatedSimulation.Round> history = simulation.run(r -> {
            if (!json) System.out.println(FederatedOptions.progress(r, rounds));
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
                    .put("rounds", rounds).put("clients", config.clients()).put("split", config.split().toString())
                    .put("secure_aggregation", secureAggregation).put("round_test_accuracy", accuracies)
                    .put("weights_sha256", FederatedModel.fingerprint(simulation.weights())).put("seconds", seconds);
            if (target != null) o.put("rounds_to_target", reached);
            System.out.println(o);
        } else {
            System.out.printf(Locale.ROOT, "test_accuracy %.2f%% after %d rounds; %.1f s in all; weights sha256 %s%n",
                    100 * last.testAccuracy(), rounds, seconds, FederatedModel.fingerprint(simulation.weights()));
            if (target != null) {
                System.out.println(reached == null ? "test accuracy never reached " + target
                        : "test accuracy reached " + target + " in round " + reached);
            }
        }
        return 0;
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

// dendrite federated server: the HTTPS server of networked federated learning (federated.FederatedServer); it
// makes its certificate and the clients' tokens in --dir on first start and prints where they are.
package dev.dendrite.cli;

import dev.dendrite.federated.FederatedConfig;
import dev.dendrite.federated.FederatedData;
import dev.dendrite.federated.FederatedModel;
import dev.dendrite.federated.FederatedServer;
import dev.dendrite.federated.ServerIdentity;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Serve federated rounds over HTTPS to separate client processes (masked aggregation).")
final class FederatedServerCommand implements Callable<Integer> {
    @Mixin
    FederatedOptions run;
    @Option(names = "--port", defaultValue = "8443", description = "port to listen on (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--dir", defaultValue = "federated-server", description = "the server's certificate and client tokens, made on first start (default: ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--start-timeout", defaultValue = "600", description = "seconds to wait for every client to connect before round 1 (default: ${DEFAULT-VALUE})")
    int startTimeout;
    @Option(names = "--round-timeout", defaultValue = "300", description = "seconds the clients have to train and advertise (default: ${DEFAULT-VALUE})")
    int roundTimeout;
    @Option(names = "--phase-timeout", defaultValue = "30", description = "seconds for each later phase of a round (default: ${DEFAULT-VALUE})")
    int phaseTimeout;
    @Option(names = "--max-message-mb", defaultValue = "64", description = "largest message accepted, in MB (default: ${DEFAULT-VALUE})")
    int maxMessageMb;
    @Option(names = "--json", description = "print one JSON object to stdout at the end")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65535 || startTimeout < 1 || roundTimeout < 1 || phaseTimeout < 1 || maxMessageMb < 1) {
            throw new ConfigException("federated server: need a port in 0..65535 and positive timeouts and size");
        }
        FederatedData loaded = FederatedData.load(run.data, run.seed);
        FederatedConfig config = run.config(loaded, FederatedConfig.Aggregation.MASKING, 0, 2048);
        ServerIdentity identity = ServerIdentity.openOrCreate(dir, config.clients());
        var limits = new FederatedServer.Limits(Duration.ofSeconds(startTimeout), Duration.ofSeconds(roundTimeout), Duration.ofSeconds(phaseTimeout),
                (long) maxMessageMb << 20);
        try (var server = new FederatedServer(loaded, config, port, limits, identity, System.err)) {
            System.err.println("federated server: https://localhost:" + server.port() + ", certificate "
                    + identity.certificate() + ", client tokens in " + dir.resolve("tokens.tsv") + "; waiting for "
                    + config.sampledPerRound() + " of " + config.clients() + " clients per round");
            long start = System.nanoTime();
            var history = server.run(r -> {
                if (!json) System.out.println(FederatedOptions.progress(r, config.rounds()));
            });
            var last = history.getLast();
            String fingerprint = FederatedModel.fingerprint(server.weights());
            if (json) {
                List<Object> accuracies = new ArrayList<>();
                for (var r : history) accuracies.add(r.testAccuracy());
                System.out.println(new JsonObject().put("test_accuracy", last.testAccuracy())
                        .put("test_loss", last.testLoss()).put("rounds", config.rounds())
                        .put("round_test_accuracy", accuracies).put("weights_sha256", fingerprint)
                        .put("seconds", (System.nanoTime() - start) / 1e9));
            } else {
                System.out.printf("test_accuracy %.2f%% after %d rounds; weights sha256 %s%n", 100 * last.testAccuracy(),
                        config.rounds(), fingerprint);
            }
            // clients fetch the final model after the last round; give them a moment before the socket closes
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

// dendrite federated client: one client process of networked federated learning (federated.FederatedClient).
package dev.dendrite.cli;

import dev.dendrite.federated.FederatedClient;
import dev.dendrite.federated.FederatedData;
import dev.dendrite.federated.FederatedModel;
import dev.dendrite.federated.ServerIdentity;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Take part in a federated server's rounds: train on this client's data, send only masked updates.")
final class FederatedClientCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, description = "the server, https://HOST:PORT")
    URI server;
    @Option(names = "--certificate", required = true, description = "the server's certificate to trust (its --dir/server.pem)")
    Path certificate;
    @Option(names = "--id", required = true, description = "this client's number, 1..clients")
    int id;
    @Option(names = "--token-file", required = true, description = "the server's tokens.tsv, or a file holding this client's token")
    Path tokenFile;
    @Option(names = "--data", required = true, description = FederatedData.FORMS + "; the client trains on its share under the server's split")
    String data;
    @Option(names = "--seed", defaultValue = "1", description = "the seed the server's data split uses (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (id < 1) {
            throw new ConfigException("--id: client numbers start at 1, got " + id);
        }
        FederatedData loaded = FederatedData.load(data, seed);
        var client = new FederatedClient(server, ServerIdentity.clientContext(certificate), token(), id, loaded, seed,
                System.err);
        float[] weights = client.run();
        System.out.println("federated client " + id + ": the server finished; final model of " + weights.length
                + " weights, sha256 " + FederatedModel.fingerprint(weights));
        return 0;
    }

    private String token() throws IOException {
        for (String line : Files.readAllLines(tokenFile)) {
            String[] parts = line.strip().split("\t");
            if (parts.length == 1 && parts[0].matches("[0-9a-f]{64}")) return parts[0];
            if (parts.length == 2 && parts[0].equals(Integer.toString(id))) return parts[1];
        }
        throw new ConfigException("--token-file " + tokenFile + ": no token for client " + id);
    }
}

// dendrite federated bench: the cost of secure aggregation on this machine (federated.AggregationCost).
package dev.dendrite.cli;

import dev.dendrite.federated.AggregationCost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure pairwise masking (per client and server) and Paillier encryption rates.")
final class FederatedBenchCommand implements Callable<Integer> {
    @Option(names = "--length", defaultValue = "100000", description = "values in each update (default: ${DEFAULT-VALUE})")
    int length;
    @Option(names = "--clients", defaultValue = "100", description = "clients in the masking round (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--dropout-share", defaultValue = "0.3", description = "share of clients that leave after sharing keys (default: ${DEFAULT-VALUE})")
    double dropoutShare;
    @Option(names = "--ciphertexts", defaultValue = "64", description = "Paillier ciphertexts per key size (default: ${DEFAULT-VALUE})")
    int ciphertexts;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() {
        if (clients < 2 || length < 1 || ciphertexts < 1 || !(dropoutShare >= 0 && dropoutShare < 0.5)) {
            throw new IllegalArgumentException("federated bench: need --clients >= 2, --length >= 1, --ciphertexts >= 1"
                    + " and 0 <= --dropout-share < 0.5");
        }
        SecureRandom random = new SecureRandom();
        List<Object> masking = new ArrayList<>();
        for (int dropped : new int[] {0, (int) Math.round(dropoutShare * clients)}) {
            var m = AggregationCost.masking(clients, length, dropped, random);
            masking.add(new JsonObject().put("clients", m.clients()).put("length", m.length()).put("dropped", m.dropped())
                    .put("client_seconds", m.clientSeconds()).put("server_seconds", m.serverSeconds())
                    .put("bytes_per_client", m.bytesPerClient()).put("exact", m.exact()));
            if (!json) {
                System.out.printf(Locale.ROOT, "masking, %d clients, %d values, %d dropped: %.3f s per client, server"
                                + " %.2f s, %.0f KB sent per client, sum %s%n", m.clients(), m.length(), m.dropped(),
                        m.clientSeconds(), m.serverSeconds(), m.bytesPerClient() / 1024,
                        m.exact() ? "exact" : "WRONG");
            }
        }
        List<Object> paillier = new ArrayList<>();
        for (int bits : new int[] {2048, 3072}) {
            var p = AggregationCost.paillier(bits, ciphertexts, random);
            paillier.add(new JsonObject().put("bits", p.bits()).put("slots", p.slotsPerCiphertext())
                    .put("encryptions_per_second", p.encryptionsPerSecond()).put("values_per_second", p.valuesPerSecond())
                    .put("decryptions_per_second", p.decryptionsPerSecond()));
            if (!json) {
                System.out.printf(Locale.ROOT, "paillier %d bits: %.1f encryptions/s (one value each, unpacked), %d"
                                + " values per ciphertext packed: %.0f values/s; %.1f decryptions/s (%d threads)%n",
                        p.bits(), p.encryptionsPerSecond(), p.slotsPerCiphertext(), p.valuesPerSecond(),
                        p.decryptionsPerSecond(), Runtime.getRuntime().availableProcessors());
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("masking", masking).put("paillier", paillier)
                    .put("threads", Runtime.getRuntime().availableProcessors()));
        }
        return 0;
    }
}

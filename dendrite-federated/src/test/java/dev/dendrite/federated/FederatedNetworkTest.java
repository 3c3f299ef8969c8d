// The networked server and clients over TLS on localhost: three clients end with the same global model as the
// in-process simulation with the same seed; refused messages (bad token, truncated, oversized, wrong round,
// replayed) get their HTTP status and a logged reason, and the server finishes its rounds.
package dev.dendrite.federated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FederatedNetworkTest {
    @TempDir
    Path dir;

    private static FederatedConfig config(int clients, int rounds) {
        return new FederatedConfig(clients, 1.0, ClientSplit.parse("iid"), rounds, 1, 16, 0.1, new int[] {6}, 0, 0,
                FederatedConfig.Aggregation.MASKING, 0, 2048, FixedPoint.DEFAULT, 11);
    }

    @Test
    void clientsOverTlsReachTheSimulatedModel() throws Exception {
        FederatedData data = FederatedSimulationTest.blobs(150, 3);
        FederatedConfig config = config(3, 2);
        ServerIdentity identity = ServerIdentity.openOrCreate(dir, 3);
        var limits = new FederatedServer.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30), 1 << 20);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (var server = new FederatedServer(data, config, 0, limits, identity, new PrintStream(log, true));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<FederatedSimulation.Round>> rounds = pool.submit(() -> server.run(r -> {}));
            URI uri = URI.create("https://localhost:" + server.port());
            List<Future<float[]>> clients = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                var client = new FederatedClient(uri, ServerIdentity.clientContext(identity.certificate()),
                        identity.token(id), id, data, 11, new PrintStream(log, true));
                clients.add(pool.submit(client::run));
            }
            assertEquals(2, rounds.get().size(), log.toString());
            var simulation = new FederatedSimulation(data, config);
            simulation.run(r -> {});
            for (Future<float[]> c : clients) assertArrayEquals(simulation.weights(), c.get(), log.toString());
            assertEquals(3, rounds.get().getLast().included());
        }
    }

    @Test
    void malformedWrongRoundReplayedAndUnauthenticatedMessagesAreRefused() throws Exception {
        FederatedData data = FederatedSimulationTest.blobs(50, 4);
        ServerIdentity identity = ServerIdentity.openOrCreate(dir, 2);
        var limits = new FederatedServer.Limits(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(1), 4096);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (var server = new FederatedServer(data, config(2, 1), 0, limits, identity, new PrintStream(log, true));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<FederatedSimulation.Round>> rounds = pool.submit(() -> server.run(r -> {}));
            HttpClient http = HttpClient.newBuilder().sslContext(ServerIdentity.clientContext(identity.certificate())).build();
            URI advertise = URI.create("https://localhost:" + server.port() + "/advertise");
            String token = identity.token(1);
            var keys = new MaskingClient(1, 1, 2, new java.security.SecureRandom()).advertise();
            byte[] valid = new WireMessage(1, 1, Map.of("cipher_key", WireMessage.base64(keys.cipherKey()),
                    "mask_key", WireMessage.base64(keys.maskKey()), "samples", "10"), Map.of()).encode();
            Thread.sleep(300);
            assertEquals(401, post(http, advertise, "0".repeat(64), valid).statusCode());
            assertEquals(400, post(http, advertise, token, java.util.Arrays.copyOf(valid, valid.length / 2)).statusCode());
            assertEquals(413, post(http, advertise, token, new byte[5000]).statusCode());
            byte[] wrongRound = new WireMessage(7, 1, Map.of(), Map.of()).encode();
            assertEquals(409, post(http, advertise, token, wrongRound).statusCode());
            byte[] badKey = new WireMessage(1, 1, Map.of("cipher_key", "AAAA", "mask_key", "AAAA", "samples", "10"),
                    Map.of()).encode();
            assertEquals(400, post(http, advertise, token, badKey).statusCode());
            CompletableFuture<HttpResponse<byte[]>> held = http.sendAsync(request(advertise, token, valid),
                    HttpResponse.BodyHandlers.ofByteArray());
            Thread.sleep(300);
            assertEquals(409, post(http, advertise, token, valid).statusCode());
            // client 2 never comes: below the threshold of 2 the round is abandoned, the held request answered 410
            assertEquals(410, held.get().statusCode());
            assertEquals(1, rounds.get().size());
            String text = log.toString();
            for (String reason : List.of("bad or missing token", "not a safetensors message", "over the limit",
                    "message for round 7", "not an X25519 public key", "a second message", "abandoned")) {
                assertTrue(text.contains(reason), "log lacks '" + reason + "':\n" + text);
            }
        }
    }

    private static HttpRequest request(URI uri, String token, byte[] body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static HttpResponse<byte[]> post(HttpClient http, URI uri, String token, byte[] body) throws Exception {
        return http.send(request(uri, token, body), HttpResponse.BodyHandlers.ofByteArray());
    }
}

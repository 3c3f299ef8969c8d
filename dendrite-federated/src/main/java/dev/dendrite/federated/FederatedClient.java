package dev.dendrite.federated;

import dev.dendrite.data.TensorDataset;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A federated client over HTTPS: it waits for each round's model, and when the server has sampled it, trains on
 * its own examples (its shard of {@code data} under the split the server announces), then takes part in the four
 * phases of masked aggregation, so the server only ever sees its update masked. It trusts only the server
 * certificate it was given and authenticates with its token. Every reply is checked before use.
 */
public final class FederatedClient {
    private static final long MAX_REPLY_BYTES = 1L << 30;

    private final URI server;
    private final String token;
    private final int id;
    private final FederatedData data;
    private final long dataSeed;
    private final PrintStream log;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    /**
     * Client {@code id} (1-based) of the server at {@code server} (https://HOST:PORT), holding {@code data} as
     * loaded with {@code dataSeed}, which must be the server's seed for the shards to be the server's.
     */
    public FederatedClient(URI server, SSLContext tls, String token, int id, FederatedData data, long dataSeed,
                           PrintStream log) {
        if (!"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("--server " + server + ": expected https://HOST:PORT");
        }
        this.server = server;
        this.token = token;
        this.id = id;
        this.data = data;
        this.dataSeed = dataSeed;
        this.log = log;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** Takes part in rounds until the server publishes its final model, and returns that model's weights. */
    public float[] run() throws IOException, InterruptedException {
        int after = 0;
        FederatedModel model = null;
        TensorDataset own = null;
        while (true) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(server.resolve("/round?after=" + after)).GET());
            if (response.statusCode() == 204) continue;
            WireMessage broadcast = reply(response, "/round");
            FederatedConfig config = config(broadcast);
            if (model == null) {
                if (config.seed() != dataSeed) {
                    throw new SecureAggregationException("the server splits its data with seed " + config.seed()
                            + ", this client loaded its data with " + dataSeed + "; pass --seed " + config.seed());
                }
                model = new FederatedModel(data.features(), data.classes(), config);
                int[][] shards = config.split().assign(data.labels(), data.groups(), config.clients(), config.seed());
                if (id > shards.length) {
                    throw new SecureAggregationException("client " + id + ": the server has only " + shards.length
                            + " clients");
                }
                own = data.train().subset(shards[id - 1]);
            }
            float[] global = weights(broadcast, model.length());
            if (Boolean.parseBoolean(broadcast.text("done"))) return global;
            int round = (int) broadcast.round();
            after = round;
            Set<Integer> selected = ids(broadcast.text("selected"));
            if (!selected.contains(id) || own.size() == 0) continue;
            float[] update = model.localUpdate(global, own, id - 1, round);
            int threshold = (int) broadcast.number("threshold", 1, selected.size());
            if (!aggregate(round, threshold, config.fixedPoint(), update, own.size())) {
                log.println("federated client " + id + ": round " + round + " went on without this client");
            }
        }
    }

    /** The four phases of masked aggregation for one round; false when the server dropped this client. */
    private boolean aggregate(int round, int threshold, FixedPoint fixed, float[] update, int samples)
            throws IOException, InterruptedException {
        MaskingClient masking = new MaskingClient(id, round, threshold, random);
        var advert = masking.advertise();
        WireMessage roster = post("/advertise", new WireMessage(round, id, Map.of(
                "cipher_key", WireMessage.base64(advert.cipherKey()), "mask_key", WireMessage.base64(advert.maskKey()),
                "samples", Integer.toString(samples)), Map.of()), round);
        if (roster == null) return false;
        List<MaskingMessages.Advertisement> advertised = new ArrayList<>();
        for (String field : roster.fields().keySet()) {
            if (field.startsWith("cipher_key.")) {
                int other = Integer.parseInt(field.substring("cipher_key.".length()));
                advertised.add(new MaskingMessages.Advertisement(other, roster.bytes(field, 256),
                        roster.bytes("mask_key." + other, 256)));
            }
        }
        long largest = roster.number("largest", samples, 1_000_000_000);
        var sealed = masking.shareKeys(advertised);
        Map<String, String> boxes = new TreeMap<>();
        sealed.boxes().forEach((to, box) -> boxes.put("box." + to, WireMessage.base64(box)));
        WireMessage inbox = post("/shares", new WireMessage(round, id, boxes, Map.of()), round);
        if (inbox == null) return false;
        Map<Integer, byte[]> received = new TreeMap<>();
        for (String field : inbox.fields().keySet()) {
            if (!field.startsWith("box.")) throw new SecureAggregationException("unexpected reply field " + field);
            received.put(Integer.parseInt(field.substring(4)), inbox.bytes(field, 1024));
        }
        float[] weighted = FederatedModel.weighted(update, samples, (int) largest);
        int[] masked = masking.maskInput(fixed.encode(weighted), received).masked();
        WireMessage survivors = post("/masked", new WireMessage(round, id,
                Map.of("clipped", Long.toString(fixed.clipped(weighted))),
                Map.of("masked", WireMessage.ringTensor(masked))), round);
        if (survivors == null) return false;
        var shares = masking.unmask(ids(survivors.text("survivors")));
        Map<String, String> fields = new TreeMap<>();
        shares.selfMaskShares().forEach((owner, s) -> fields.put("seed." + owner, s.y().toString(16)));
        shares.maskKeyShares().forEach((owner, s) -> fields.put("key." + owner, s.y().toString(16)));
        return post("/unmask", new WireMessage(round, id, fields, Map.of()), round) != null;
    }

    /** POSTs a message; the reply, or null when the server answers that the round went on without this client. */
    private WireMessage post(String path, WireMessage message, int round) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(server.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.encode())));
        if (response.statusCode() == 410) return null;
        WireMessage reply = reply(response, path);
        if (reply.round() != round) {
            throw new SecureAggregationException(path + ": reply for round " + reply.round() + " in round " + round);
        }
        return reply;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static WireMessage reply(HttpResponse<byte[]> response, String path) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("federated server refused " + path + " (" + response.statusCode() + "): "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
        return WireMessage.decode(response.body(), MAX_REPLY_BYTES);
    }

    private static float[] weights(WireMessage broadcast, int length) {
        Tensor w = broadcast.tensors().get("weights");
        if (w == null || w.dtype() != DType.FLOAT32 || w.rank() != 1 || w.size(0) != length) {
            throw new SecureAggregationException("the server's model must be FLOAT32 weights of shape [" + length
                    + "], got " + (w == null ? "none" : w.dtype() + " " + w.shape())
                    + "; is this client's --data the server's?");
        }
        float[] out = w.toFloatArray();
        for (float x : out) {
            if (!Float.isFinite(x)) throw new SecureAggregationException("the server's model holds " + x);
        }
        return out;
    }

    private static FederatedConfig config(WireMessage m) {
        int[] hidden;
        try {
            hidden = m.text("hidden").isEmpty() ? new int[0]
                    : Arrays.stream(m.text("hidden").split(",")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new WireMessage.Rejected(400, "field 'hidden' must be widths such as 200,200");
        }
        return new FederatedConfig((int) m.number("clients", 1, 1_000_000), 1.0, ClientSplit.parse(m.text("split")),
                1, (int) m.number("local_epochs", 1, 10_000), (int) m.number("batch_size", 1, 1_000_000),
                m.real("lr"), hidden, m.real("mu"), 0,
                FederatedConfig.Aggregation.NONE, 0, 2048,
                new FixedPoint(m.real("clip"), (int) m.number("fraction_bits", 0, 30)),
                Long.parseLong(m.text("seed")));
    }

    private static Set<Integer> ids(String list) {
        Set<Integer> out = new TreeSet<>();
        if (list.isEmpty()) return out;
        for (String s : list.split(",")) out.add(Integer.parseInt(s));
        return out;
    }
}

package dev.dendrite.federated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.dendrite.tensor.Tensor;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The federated server over HTTPS: each round it publishes the global model, then runs pairwise-masked secure
 * aggregation with the sampled clients in four phases (advertise keys, share keys, masked update, unmask), each a
 * POST that the server holds until every expected client has sent its message or the phase's time is up; a client
 * that has not sent by then is a drop-out of that phase. Every message is authenticated by the client's bearer
 * token and checked (round, phase, sender, sizes and shapes) before use; a refused one is answered with an HTTP
 * error and logged with its reason, and the round goes on. The arithmetic is {@link FederatedSimulation}'s, so the
 * same seed gives the same model.
 */
public final class FederatedServer implements AutoCloseable {
    /** The phases of a round, in order; each is one POST path. */
    enum Phase { ADVERTISE, SHARES, MASKED, UNMASK }

    /**
     * Limits: time for every client to connect before round 1, for a round's first phase (which includes local
     * training), for each later phase, and the largest message.
     */
    public record Limits(Duration startTimeout, Duration roundTimeout, Duration phaseTimeout, long maxMessageBytes) {}

    private final FederatedData data;
    private final FederatedConfig config;
    private final Limits limits;
    private final ServerIdentity identity;
    private final PrintStream log;
    private final FederatedModel model;
    private final HttpsServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    private final Object lock = new Object();
    private int round;
    private Phase phase;
    private int phaseSerial;
    private long deadline;
    private Set<Integer> expected = Set.of();
    private final Map<Integer, WireMessage> received = new TreeMap<>();
    private final Map<Integer, Map<Integer, byte[]>> replies = new HashMap<>();
    private byte[] broadcast;
    private boolean finished;
    private final Set<Integer> connected = new TreeSet<>();
    private float[] finalWeights;

    public FederatedServer(FederatedData data, FederatedConfig config, int port, Limits limits, ServerIdentity identity,
                           PrintStream log) throws IOException {
        if (config.aggregation() != FederatedConfig.Aggregation.MASKING) {
            throw new IllegalArgumentException("federated server: the networked server aggregates by masking only");
        }
        this.data = data;
        this.config = config;
        this.limits = limits;
        this.identity = identity;
        this.log = log;
        this.model = new FederatedModel(data.features(), data.classes(), config);
        SSLContext tls = identity.serverContext();
        this.http = HttpsServer.create(new InetSocketAddress(port), 64);
        http.setHttpsConfigurator(new HttpsConfigurator(tls));
        http.setExecutor(handlers);
        http.createContext("/round", this::handleRound);
        for (Phase p : Phase.values()) {
            http.createContext("/" + p.name().toLowerCase(), exchange -> handlePhase(exchange, p));
        }
    }

    /** The global model's weights after the last round (null before {@link #run} ends). */
    public float[] weights() {
        synchronized (lock) {
            return finalWeights == null ? null : finalWeights.clone();
        }
    }

    /** The port the server listens on (useful after binding port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Serves every round and returns their records; the final model stays published until {@link #close}. */
    public List<FederatedSimulation.Round> run(Consumer<FederatedSimulation.Round> progress) {
        http.start();
        awaitClients();
        float[] global = model.weights();
        ClientSampling sampling = new ClientSampling(config);
        List<FederatedSimulation.Round> rounds = new ArrayList<>();
        for (int r = 1; r <= config.rounds(); r++) {
            int[] selected = sampling.next();
            long start = System.nanoTime();
            RoundOutcome outcome = serveRound(r, selected, global);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (outcome != null) model.applySum(global, outcome.weightedSum(), outcome.weights());
            double[] metrics = model.evaluate(global, data.test());
            var record = new FederatedSimulation.Round(r, metrics[0], metrics[1], selected.length,
                    outcome == null ? 0 : outcome.included(), outcome == null ? 0 : outcome.clipped(), seconds, Double.NaN, 0);
            rounds.add(record);
            progress.accept(record);
        }
        synchronized (lock) {
            finished = true;
            broadcast = modelMessage(config.rounds() + 1, new int[0], global, true);
            finalWeights = global.clone();
            lock.notifyAll();
        }
        return rounds;
    }

    /** Waits (up to the start timeout) until every client has asked for a round, so round 1 waits for nobody. */
    private void awaitClients() {
        synchronized (lock) {
            long until = System.nanoTime() + limits.startTimeout().toNanos();
            try {
                while (connected.size() < config.clients() && System.nanoTime() < until) lock.wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (connected.size() < config.clients()) {
                log.println("federated server: starting with " + connected.size() + " of " + config.clients()
                        + " clients connected");
            }
        }
    }

    private record RoundOutcome(double[] weightedSum, double weights, int included, long clipped) {}

    /** One round of masked aggregation; null when too few clients stayed and the round is abandoned. */
    private RoundOutcome serveRound(int r, int[] selected, float[] global) {
        Set<Integer> ids = new TreeSet<>();
        for (int c : selected) ids.add(c + 1);
        MaskingServer aggregator = new MaskingServer(r, config.threshold(), model.length());
        try {
            Map<Integer, WireMessage> adverts = openPhase(r, Phase.ADVERTISE, ids, limits.roundTimeout(),
                    modelMessage(r, selected, global, false));
            List<MaskingMessages.Advertisement> list = new ArrayList<>();
            Map<Integer, Long> samples = new TreeMap<>();
            for (var e : adverts.entrySet()) {
                WireMessage m = e.getValue();
                list.add(new MaskingMessages.Advertisement(e.getKey(), m.bytes("cipher_key", 256), m.bytes("mask_key", 256)));
                samples.put(e.getKey(), m.number("samples", 1, 1_000_000_000));
            }
            var roster = aggregator.collectAdvertisements(list);
            long largest = samples.values().stream().mapToLong(Long::longValue).max().orElse(1);
            Map<String, String> rosterFields = new TreeMap<>();
            rosterFields.put("largest", Long.toString(largest));
            for (var a : roster) {
                rosterFields.put("cipher_key." + a.client(), WireMessage.base64(a.cipherKey()));
                rosterFields.put("mask_key." + a.client(), WireMessage.base64(a.maskKey()));
            }
            byte[] rosterReply = new WireMessage(r, 0, rosterFields, Map.of()).encode();
            Map<Integer, byte[]> toAdvertisers = new TreeMap<>();
            for (int id : samples.keySet()) toAdvertisers.put(id, rosterReply);

            Map<Integer, WireMessage> shareMessages = nextPhase(r, Phase.SHARES, samples.keySet(), toAdvertisers);
            List<MaskingMessages.SealedShares> shares = new ArrayList<>();
            for (var e : shareMessages.entrySet()) {
                Map<Integer, byte[]> boxes = new TreeMap<>();
                for (int other : samples.keySet()) {
                    if (other != e.getKey()) boxes.put(other, e.getValue().bytes("box." + other, 1024));
                }
                shares.add(new MaskingMessages.SealedShares(e.getKey(), boxes));
            }
            var inboxes = aggregator.routeShares(shares);
            Map<Integer, byte[]> toSharers = new TreeMap<>();
            for (var e : inboxes.entrySet()) {
                Map<String, String> fields = new TreeMap<>();
                e.getValue().forEach((sender, box) -> fields.put("box." + sender, WireMessage.base64(box)));
                toSharers.put(e.getKey(), new WireMessage(r, e.getKey(), fields, Map.of()).encode());
            }

            Map<Integer, WireMessage> maskedMessages = nextPhase(r, Phase.MASKED, inboxes.keySet(), toSharers);
            List<MaskingMessages.MaskedInput> masked = new ArrayList<>();
            long clipped = 0;
            for (var e : maskedMessages.entrySet()) {
                masked.add(new MaskingMessages.MaskedInput(e.getKey(), e.getValue().ringVector("masked", model.length())));
                clipped += e.getValue().number("clipped", 0, Integer.MAX_VALUE);
            }
            Set<Integer> survivors = aggregator.collectMaskedInputs(masked);
            String survivorList = survivors.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
            byte[] survivorReply = new WireMessage(r, 0, Map.of("survivors", survivorList), Map.of()).encode();
            Map<Integer, byte[]> toSurvivors = new TreeMap<>();
            for (int id : survivors) toSurvivors.put(id, survivorReply);

            Map<Integer, WireMessage> unmaskMessages = nextPhase(r, Phase.UNMASK, survivors, toSurvivors);
            List<MaskingMessages.UnmaskingShares> unmasking = new ArrayList<>();
            for (var e : unmaskMessages.entrySet()) {
                Map<Integer, Shamir.Share> seeds = new TreeMap<>();
                Map<Integer, Shamir.Share> keys = new TreeMap<>();
                for (String field : e.getValue().fields().keySet()) {
                    int owner = ownerOf(field);
                    BigInteger y = e.getValue().fieldElement(field);
                    (field.startsWith("seed.") ? seeds : keys).put(owner, new Shamir.Share(e.getKey(), y));
                }
                unmasking.add(new MaskingMessages.UnmaskingShares(e.getKey(), seeds, keys));
            }
            int[] sum = aggregator.unmask(unmasking);
            Map<Integer, byte[]> done = new TreeMap<>();
            byte[] ok = new WireMessage(r, 0, Map.of("status", "summed"), Map.of()).encode();
            for (int id : unmaskMessages.keySet()) done.put(id, ok);
            closePhase(done);
            double weights = 0;
            for (int id : survivors) weights += (double) samples.get(id) / largest;
            return new RoundOutcome(config.fixedPoint().decode(sum), weights, survivors.size(), clipped);
        } catch (SecureAggregationException e) {
            log.println("federated server: round " + r + " abandoned: " + e.getMessage());
            closePhase(Map.of());
            return null;
        }
    }

    private static int ownerOf(String field) {
        String[] parts = field.split("\\.");
        if (parts.length != 2 || !(parts[0].equals("seed") || parts[0].equals("key"))) {
            throw new WireMessage.Rejected(400, "unexpected field '" + field + "' in unmasking shares");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new WireMessage.Rejected(400, "unexpected field '" + field + "' in unmasking shares");
        }
    }

    /** Starts a round's first phase with the model broadcast and waits for it to close. */
    private Map<Integer, WireMessage> openPhase(int r, Phase p, Set<Integer> from, Duration timeout, byte[] model) {
        synchronized (lock) {
            round = r;
            broadcast = model;
            replies.clear();
            return awaitPhase(p, from, timeout);
        }
    }

    /** Publishes the replies to the phase just closed, opens the next one and waits for it to close. */
    private Map<Integer, WireMessage> nextPhase(int r, Phase p, Set<Integer> from, Map<Integer, byte[]> replyToLast) {
        synchronized (lock) {
            closePhase(replyToLast);
            return awaitPhase(p, from, limits.phaseTimeout());
        }
    }

    private void closePhase(Map<Integer, byte[]> reply) {
        synchronized (lock) {
            replies.put(phaseSerial, reply);
            phase = null;
            lock.notifyAll();
        }
    }

    private Map<Integer, WireMessage> awaitPhase(Phase p, Set<Integer> from, Duration timeout) {
        phase = p;
        phaseSerial++;
        expected = Set.copyOf(from);
        received.clear();
        deadline = System.nanoTime() + timeout.toNanos();
        lock.notifyAll();
        try {
            while (received.size() < expected.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                lock.wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecureAggregationException("interrupted while waiting for " + p.name().toLowerCase());
        }
        Set<Integer> missing = new TreeSet<>(expected);
        missing.removeAll(received.keySet());
        if (!missing.isEmpty()) {
            log.println("federated server: round " + round + ", " + p.name().toLowerCase() + ": no message from"
                    + " clients " + missing + " in time; they drop out");
        }
        return new TreeMap<>(received);
    }

    private byte[] modelMessage(int r, int[] selected, float[] global, boolean done) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("selected", Arrays.stream(selected).mapToObj(c -> String.valueOf(c + 1)).collect(Collectors.joining(",")));
        fields.put("done", Boolean.toString(done));
        fields.put("clients", Integer.toString(config.clients()));
        fields.put("split", config.split().toString());
        fields.put("local_epochs", Integer.toString(config.localEpochs()));
        fields.put("batch_size", Integer.toString(config.batchSize()));
        fields.put("lr", Double.toString(config.lr()));
        fields.put("mu", Double.toString(config.mu()));
        fields.put("hidden", Arrays.stream(config.hidden()).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        fields.put("seed", Long.toString(config.seed()));
        fields.put("threshold", Integer.toString(config.threshold()));
        fields.put("clip", Double.toString(config.fixedPoint().clip()));
        fields.put("fraction_bits", Integer.toString(config.fixedPoint().fractionBits()));
        return new WireMessage(r, 0, fields, Map.of("weights", Tensor.fromArray(global, global.length))).encode();
    }

    /** GET /round?after=N: the first round after N (or the final model), held up to 30 s, else 204. */
    private void handleRound(HttpExchange exchange) throws IOException {
        try (exchange) {
            int client = identity.client(bearer(exchange));
            if (client == 0) {
                reject(exchange, 401, 0, "/round", "bad or missing token");
                return;
            }
            int after = 0;
            String query = exchange.getRequestURI().getQuery();
            if (query != null && query.matches("after=\\d{1,9}")) after = Integer.parseInt(query.substring(6));
            byte[] body;
            synchronized (lock) {
                if (connected.add(client)) lock.notifyAll();
                long until = System.nanoTime() + 30_000_000_000L;
                while (!finished && !(round > after && phase == Phase.ADVERTISE) && System.nanoTime() < until) {
                    lock.wait(1000);
                }
                body = finished || (round > after && phase == Phase.ADVERTISE) ? broadcast : null;
            }
            respond(exchange, body == null ? 204 : 200, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** POST /{phase}: one client's message for the current phase, answered when the phase closes. */
    private void handlePhase(HttpExchange exchange, Phase p) throws IOException {
        String path = "/" + p.name().toLowerCase();
        try (exchange) {
            int client = identity.client(bearer(exchange));
            if (client == 0) {
                reject(exchange, 401, 0, path, "bad or missing token");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                reject(exchange, 405, client, path, exchange.getRequestMethod() + " instead of POST");
                return;
            }
            WireMessage message;
            try {
                message = WireMessage.decode(readBody(exchange.getRequestBody(), limits.maxMessageBytes()),
                        limits.maxMessageBytes());
                if (message.client() != client) {
                    throw new WireMessage.Rejected(400, "message names client " + message.client());
                }
            } catch (WireMessage.Rejected e) {
                reject(exchange, e.status(), client, path, e.getMessage());
                return;
            }
            byte[] reply;
            synchronized (lock) {
                String problem = phase != p ? "the server is in round " + round + ", phase "
                        + (phase == null ? "closing" : phase.name().toLowerCase())
                        : message.round() != round ? "message for round " + message.round() + ", the server is in round " + round
                        : !expected.contains(client) ? "client " + client + " is not expected in this phase"
                        : received.containsKey(client) ? "a second message in this phase (replayed?)" : null;
                if (problem != null) {
                    reject(exchange, 409, client, path, problem);
                    return;
                }
                try {
                    validate(p, message, client);
                } catch (WireMessage.Rejected e) {
                    reject(exchange, e.status(), client, path, e.getMessage());
                    return;
                }
                received.put(client, message);
                int serial = phaseSerial;
                lock.notifyAll();
                while (!replies.containsKey(serial) && !finished) lock.wait(1000);
                Map<Integer, byte[]> phaseReplies = replies.get(serial);
                reply = phaseReplies == null ? null : phaseReplies.get(client);
            }
            if (reply == null) {
                respond(exchange, 410, ("round " + message.round() + " went on without client " + client).getBytes());
            } else {
                respond(exchange, 200, reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks every field the phase will read, so that a malformed message is refused and never used. */
    private void validate(Phase p, WireMessage m, int client) {
        switch (p) {
            case ADVERTISE -> {
                for (String key : List.of("cipher_key", "mask_key")) {
                    try {
                        KeyExchange.publicKey(m.bytes(key, 256));
                    } catch (WireMessage.Rejected e) {
                        throw e;
                    } catch (SecureAggregationException e) {
                        throw new WireMessage.Rejected(400, "field '" + key + "' is not an X25519 public key");
                    }
                }
                m.number("samples", 1, 1_000_000_000);
            }
            case SHARES -> {
                for (int other : expected) {
                    if (other != client) m.bytes("box." + other, 1024);
                }
                if (m.fields().size() != expected.size() - 1) {
                    throw new WireMessage.Rejected(400, m.fields().size() + " sealed boxes for a roster of "
                            + expected.size());
                }
            }
            case MASKED -> {
                m.ringVector("masked", model.length());
                m.number("clipped", 0, Integer.MAX_VALUE);
            }
            case UNMASK -> {
                for (String field : m.fields().keySet()) {
                    ownerOf(field);
                    m.fieldElement(field);
                }
            }
        }
    }

    private void reject(HttpExchange exchange, int status, int client, String path, String reason) throws IOException {
        log.println("federated server: refused " + exchange.getRequestMethod() + " " + path + " from "
                + (client == 0 ? exchange.getRemoteAddress().getAddress().getHostAddress() : "client " + client)
                + " (" + status + "): " + reason);
        respond(exchange, status, reason.getBytes());
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
    }

    private static byte[] readBody(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new WireMessage.Rejected(413, "the body is over the limit of " + max + " bytes");
        }
        return bytes;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null || status == 204) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        handlers.shutdownNow();
    }
}

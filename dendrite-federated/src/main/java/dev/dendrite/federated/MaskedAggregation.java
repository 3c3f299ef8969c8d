package dev.dendrite.federated;

import dev.dendrite.federated.MaskingMessages.Advertisement;
import dev.dendrite.federated.MaskingMessages.MaskedInput;
import dev.dendrite.federated.MaskingMessages.SealedShares;
import dev.dendrite.federated.MaskingMessages.UnmaskingShares;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One round of pairwise-masked secure aggregation run in one process: the clients and the server exchange the
 * protocol's messages directly, and clients leave at the phases {@link DropOuts} names, as they would over a
 * network. The result is the sum of the inputs of the clients that sent a masked input.
 */
public final class MaskedAggregation {
    private MaskedAggregation() {}

    /**
     * The clients that stop answering after each phase: after advertising their keys (they send no shares), after
     * sharing them (no masked input), or after masking (no unmasking shares).
     */
    public record DropOuts(Set<Integer> afterAdvertising, Set<Integer> afterSharing, Set<Integer> afterMasking) {
        public static final DropOuts NONE = new DropOuts(Set.of(), Set.of(), Set.of());
    }

    /**
     * The sum, the clients whose inputs it holds, the bytes the clients sent the server in all phases, and the
     * seconds spent in the clients' steps (all clients together) and in the server's.
     */
    public record Result(int[] sum, Set<Integer> included, long bytesToServer, double clientSeconds,
                         double serverSeconds) {}

    /** Securely sums {@code inputs} (client number to ring vector), with t = {@code threshold}. */
    public static Result sum(Map<Integer, int[]> inputs, int threshold, long round, DropOuts dropOuts,
                             SecureRandom random) {
        int length = inputs.isEmpty() ? 0 : inputs.values().iterator().next().length;
        Clock client = new Clock();
        Clock server = new Clock();
        MaskingServer aggregator = new MaskingServer(round, threshold, length);
        Map<Integer, MaskingClient> clients = new TreeMap<>();
        client.start();
        for (int id : inputs.keySet()) clients.put(id, new MaskingClient(id, round, threshold, random));
        List<Advertisement> advertisements = new ArrayList<>();
        for (MaskingClient c : clients.values()) advertisements.add(c.advertise());
        client.stop();
        long bytes = 0;
        for (Advertisement a : advertisements) bytes += 4 + a.cipherKey().length + a.maskKey().length;
        server.start();
        List<Advertisement> roster = aggregator.collectAdvertisements(advertisements);
        server.stop();

        client.start();
        List<SealedShares> shares = new ArrayList<>();
        for (MaskingClient c : clients.values()) {
            if (!dropOuts.afterAdvertising().contains(c.id())) shares.add(c.shareKeys(roster));
        }
        client.stop();
        for (SealedShares s : shares) {
            for (byte[] box : s.boxes().values()) bytes += 8 + box.length;
        }
        server.start();
        Map<Integer, Map<Integer, byte[]>> inboxes = aggregator.routeShares(shares);
        server.stop();

        client.start();
        List<MaskedInput> masked = new ArrayList<>();
        for (var entry : inboxes.entrySet()) {
            int id = entry.getKey();
            if (!dropOuts.afterSharing().contains(id)) {
                masked.add(clients.get(id).maskInput(inputs.get(id), entry.getValue()));
            }
        }
        client.stop();
        bytes += (long) masked.size() * (4 + 4L * length);
        server.start();
        Set<Integer> survivors = aggregator.collectMaskedInputs(masked);
        server.stop();

        client.start();
        List<UnmaskingShares> unmasking = new ArrayList<>();
        for (int id : new TreeSet<>(survivors)) {
            if (!dropOuts.afterMasking().contains(id)) unmasking.add(clients.get(id).unmask(survivors));
        }
        client.stop();
        for (UnmaskingShares u : unmasking) bytes += 4 + shareBytes(u.selfMaskShares()) + shareBytes(u.maskKeyShares());
        server.start();
        int[] sum = aggregator.unmask(unmasking);
        server.stop();
        return new Result(sum, survivors, bytes, client.seconds(), server.seconds());
    }

    /** Accumulated wall time of one party's steps. */
    private static final class Clock {
        private long total;
        private long since;

        void start() {
            since = System.nanoTime();
        }

        void stop() {
            total += System.nanoTime() - since;
        }

        double seconds() {
            return total / 1e9;
        }
    }

    /** Owner, point and value of each share, as a message would carry them. */
    private static long shareBytes(Map<Integer, Shamir.Share> shares) {
        long bytes = 0;
        for (Shamir.Share s : shares.values()) bytes += 8 + s.y().toByteArray().length;
        return bytes;
    }
}

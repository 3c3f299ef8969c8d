package dev.dendrite.federated;

import dev.dendrite.federated.MaskingMessages.Advertisement;
import dev.dendrite.federated.MaskingMessages.MaskedInput;
import dev.dendrite.federated.MaskingMessages.SealedShares;
import dev.dendrite.federated.MaskingMessages.UnmaskingShares;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's side of one round of secure aggregation by pairwise masking: it relays public keys and sealed
 * shares, collects masked inputs, and at the end rebuilds, from any {@code threshold} clients' shares, the
 * self-mask seed of every client whose input it holds and the mask key of every client that dropped out after
 * sharing, so it can strip all masks from the sum. What it sees of one client is that client's input plus a
 * ChaCha20 stream it cannot predict: uniform in the ring. Each method takes the messages that arrived in time;
 * the clients that sent none are the drop-outs of that phase.
 */
public final class MaskingServer {
    private final long round;
    private final int threshold;
    private final int length;
    private final Map<Integer, Advertisement> roster = new TreeMap<>();
    private final Set<Integer> sharers = new TreeSet<>();
    private final Map<Integer, int[]> maskedInputs = new TreeMap<>();

    /** A server for {@code round}, summing vectors of {@code length} ring elements, with t = {@code threshold}. */
    public MaskingServer(long round, int threshold, int length) {
        if (threshold < 1 || length < 0) {
            throw new IllegalArgumentException("MaskingServer: need threshold >= 1 and length >= 0, got "
                    + threshold + ", " + length);
        }
        this.round = round;
        this.threshold = threshold;
        this.length = length;
    }

    /** Round 0: the roster to send every client, from the advertisements that arrived. */
    public List<Advertisement> collectAdvertisements(List<Advertisement> advertisements) {
        for (Advertisement a : advertisements) {
            KeyExchange.publicKey(a.cipherKey());
            KeyExchange.publicKey(a.maskKey());
            if (a.client() < 1 || roster.putIfAbsent(a.client(), a) != null) {
                throw new SecureAggregationException("round " + round + ": advertisement from client " + a.client()
                        + " is a duplicate or has no valid client number");
            }
        }
        requireThreshold(roster.size(), "advertised keys");
        return List.copyOf(roster.values());
    }

    /**
     * Round 1: for each client that shared its keys, the boxes addressed to it by the other clients that did
     * (receiver to sender to sealed bytes).
     */
    public Map<Integer, Map<Integer, byte[]>> routeShares(List<SealedShares> shares) {
        for (SealedShares s : shares) {
            if (!roster.containsKey(s.sender()) || !sharers.add(s.sender())) {
                throw new SecureAggregationException("round " + round + ": shares from client " + s.sender()
                        + ", which is not on the roster or already sent them");
            }
            Set<Integer> expected = new TreeSet<>(roster.keySet());
            expected.remove(s.sender());
            if (!s.boxes().keySet().equals(expected)) {
                throw new SecureAggregationException("round " + round + ": client " + s.sender() + " sealed shares for "
                        + new TreeSet<>(s.boxes().keySet()) + ", the roster is " + roster.keySet());
            }
        }
        requireThreshold(sharers.size(), "shared their keys");
        Map<Integer, Map<Integer, byte[]>> inboxes = new TreeMap<>();
        for (int receiver : sharers) {
            Map<Integer, byte[]> inbox = new TreeMap<>();
            for (SealedShares s : shares) {
                if (s.sender() != receiver) inbox.put(s.sender(), s.boxes().get(receiver));
            }
            inboxes.put(receiver, inbox);
        }
        return inboxes;
    }

    /** Round 2: the clients whose masked inputs arrived, which every survivor is then asked to unmask. */
    public Set<Integer> collectMaskedInputs(List<MaskedInput> inputs) {
        for (MaskedInput m : inputs) {
            if (!sharers.contains(m.client()) || maskedInputs.containsKey(m.client())) {
                throw new SecureAggregationException("round " + round + ": masked input from client " + m.client()
                        + ", which did not share its keys or already sent one");
            }
            if (m.masked().length != length) {
                throw new SecureAggregationException("round " + round + ": client " + m.client() + " sent "
                        + m.masked().length + " values, expected " + length);
            }
            maskedInputs.put(m.client(), m.masked());
        }
        requireThreshold(maskedInputs.size(), "sent masked inputs");
        return Set.copyOf(maskedInputs.keySet());
    }

    /** Round 3: the sum of the survivors' inputs, from the unmasking shares of at least {@code threshold} of them. */
    public int[] unmask(List<UnmaskingShares> responses) {
        Map<Integer, List<Shamir.Share>> seedShares = new HashMap<>();
        Map<Integer, List<Shamir.Share>> keyShares = new HashMap<>();
        Set<Integer> responders = new TreeSet<>();
        for (UnmaskingShares r : responses) {
            if (!maskedInputs.containsKey(r.sender()) || !responders.add(r.sender())) {
                throw new SecureAggregationException("round " + round + ": unmasking shares from client " + r.sender()
                        + ", which sent no masked input or already answered");
            }
            r.selfMaskShares().forEach((owner, share) -> seedShares.computeIfAbsent(owner, k -> new ArrayList<>()).add(share));
            r.maskKeyShares().forEach((owner, share) -> keyShares.computeIfAbsent(owner, k -> new ArrayList<>()).add(share));
        }
        requireThreshold(responders.size(), "answered the unmasking request");
        int[] sum = new int[length];
        for (int[] masked : maskedInputs.values()) {
            for (int i = 0; i < length; i++) sum[i] += masked[i];
        }
        for (int survivor : maskedInputs.keySet()) {
            BigInteger seed = Shamir.combine(atThreshold(seedShares.get(survivor), survivor, "self-mask seed"));
            MaskStream.apply(sum, KeyExchange.toBytes(seed), -1);
        }
        for (int dropped : sharers) {
            if (maskedInputs.containsKey(dropped)) continue;
            PrivateKey key = KeyExchange.privateKey(
                    Shamir.combine(atThreshold(keyShares.get(dropped), dropped, "mask key")));
            for (int survivor : maskedInputs.keySet()) {
                byte[] seed = KeyExchange.agree(key, KeyExchange.publicKey(roster.get(survivor).maskKey()),
                        MaskingClient.MASK_LABEL, round);
                MaskStream.apply(sum, seed, survivor < dropped ? -1 : +1);
            }
        }
        return sum;
    }

    private List<Shamir.Share> atThreshold(List<Shamir.Share> shares, int owner, String what) {
        if (shares == null || shares.size() < threshold) {
            throw new SecureAggregationException("round " + round + ": " + (shares == null ? 0 : shares.size())
                    + " shares of client " + owner + "'s " + what + ", below the threshold " + threshold);
        }
        return shares.subList(0, threshold);
    }

    private void requireThreshold(int clients, String what) {
        if (clients < threshold) {
            throw new SecureAggregationException("round " + round + ": only " + clients + " clients " + what
                    + ", below the threshold " + threshold + "; the round is abandoned");
        }
    }
}

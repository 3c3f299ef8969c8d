package dev.dendrite.federated;

import dev.dendrite.federated.MaskingMessages.Advertisement;
import dev.dendrite.federated.MaskingMessages.MaskedInput;
import dev.dendrite.federated.MaskingMessages.SealedShares;
import dev.dendrite.federated.MaskingMessages.UnmaskingShares;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One client's side of one round of secure aggregation by pairwise masking (Bonawitz et al., CCS 2017, the
 * honest-but-curious server variant). The client makes two fresh X25519 key pairs (one to seal shares, one to
 * agree on masks with every other client) and a 256-bit self-mask seed; it Shamir-shares the seed and the mask
 * private key t-of-n among the clients; it sends its input plus the stream of its seed plus, for every other
 * client v, +-the stream of the seed it agreed with v (+ when its number is smaller); and at the end it reveals,
 * for each client, either a share of its seed (it sent its input) or a share of its mask key (it dropped out),
 * never both, so the server can remove every mask and learns only the sum.
 */
public final class MaskingClient {
    static final String MASK_LABEL = "dendrite secure aggregation: pairwise mask";
    static final String SHARE_LABEL = "dendrite secure aggregation: share sealing";

    private final int id;
    private final long round;
    private final int threshold;
    private final SecureRandom random;
    private final KeyPair cipherKeys;
    private final KeyPair maskKeys;
    private final byte[] selfMaskSeed = new byte[MaskStream.SEED_BYTES];
    private final Map<Integer, Advertisement> roster = new TreeMap<>();
    private Shamir.Share ownSeedShare;
    private Shamir.Share ownKeyShare;
    private Map<Integer, byte[]> inbox;
    private boolean unmasked;

    /** Client {@code id} (>= 1) in {@code round}, where {@code threshold} clients must survive to the end. */
    public MaskingClient(int id, long round, int threshold, SecureRandom random) {
        if (id < 1 || threshold < 1) {
            throw new IllegalArgumentException("MaskingClient: need id >= 1 and threshold >= 1, got " + id + ", " + threshold);
        }
        this.id = id;
        this.round = round;
        this.threshold = threshold;
        this.random = random;
        this.cipherKeys = KeyExchange.generate(random);
        this.maskKeys = KeyExchange.generate(random);
        random.nextBytes(selfMaskSeed);
    }

    public int id() {
        return id;
    }

    /** Round 0: this client's public keys. */
    public Advertisement advertise() {
        return new Advertisement(id, cipherKeys.getPublic().getEncoded(), maskKeys.getPublic().getEncoded());
    }

    /** Round 1: shares of the seed and the mask key for every client in {@code advertised}, each sealed for it. */
    public SealedShares shareKeys(List<Advertisement> advertised) {
        for (Advertisement a : advertised) {
            if (roster.put(a.client(), a) != null) {
                throw new SecureAggregationException("client " + id + ": client " + a.client() + " is advertised twice");
            }
        }
        if (!roster.containsKey(id) || roster.size() < threshold) {
            throw new SecureAggregationException("client " + id + ": the roster of " + roster.size() + " clients "
                    + (roster.containsKey(id) ? "is below the threshold " + threshold : "does not hold this client"));
        }
        int[] points = roster.keySet().stream().mapToInt(Integer::intValue).toArray();
        List<Shamir.Share> seedShares = Shamir.split(new BigInteger(1, selfMaskSeed), threshold, points, random);
        List<Shamir.Share> keyShares = Shamir.split(KeyExchange.scalar(maskKeys.getPrivate()), threshold, points, random);
        Map<Integer, byte[]> boxes = new LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            int receiver = points[i];
            if (receiver == id) {
                ownSeedShare = seedShares.get(i);
                ownKeyShare = keyShares.get(i);
                continue;
            }
            byte[] key = KeyExchange.agree(cipherKeys.getPrivate(), cipherKey(receiver), SHARE_LABEL, round);
            byte[] plain = encodeShares(seedShares.get(i).y(), keyShares.get(i).y());
            boxes.put(receiver, ShareCipher.seal(key, plain, id, receiver, round, random));
        }
        return new SealedShares(id, boxes);
    }

    /**
     * Round 2: {@code input} masked. {@code sealedForMe} holds the boxes addressed to this client by every other
     * client that completed round 1; masks are agreed with exactly those clients.
     */
    public MaskedInput maskInput(int[] input, Map<Integer, byte[]> sealedForMe) {
        if (ownSeedShare == null || inbox != null) {
            throw new SecureAggregationException("client " + id + ": masking comes once, after sharing keys");
        }
        for (int sender : sealedForMe.keySet()) {
            if (sender == id || !roster.containsKey(sender)) {
                throw new SecureAggregationException("client " + id + ": shares from client " + sender
                        + ", which is not another member of the roster");
            }
        }
        if (sealedForMe.size() + 1 < threshold) {
            throw new SecureAggregationException("client " + id + ": only " + (sealedForMe.size() + 1)
                    + " clients shared their keys, below the threshold " + threshold);
        }
        inbox = new HashMap<>(sealedForMe);
        int[] masked = input.clone();
        MaskStream.apply(masked, selfMaskSeed, +1);
        for (int other : new TreeSet<>(sealedForMe.keySet())) {
            byte[] seed = KeyExchange.agree(maskKeys.getPrivate(), maskKey(other), MASK_LABEL, round);
            MaskStream.apply(masked, seed, id < other ? +1 : -1);
        }
        return new MaskedInput(id, masked);
    }

    /**
     * Round 3: shares that let the server remove the masks, given the clients whose masked inputs it holds. Refuses
     * a survivor list below the threshold, one naming clients that never shared keys, and a second request, any of
     * which could reveal both halves of one client's masks.
     */
    public UnmaskingShares unmask(Set<Integer> survivors) {
        if (inbox == null || unmasked) {
            throw new SecureAggregationException("client " + id + ": unmasking comes once, after masking");
        }
        unmasked = true;
        if (survivors.size() < threshold || !survivors.contains(id)) {
            throw new SecureAggregationException("client " + id + ": " + survivors.size() + " survivors "
                    + (survivors.contains(id) ? "is below the threshold " + threshold : "without this client"));
        }
        Map<Integer, Shamir.Share> seedShares = new TreeMap<>();
        Map<Integer, Shamir.Share> keyShares = new TreeMap<>();
        seedShares.put(id, ownSeedShare);
        for (var entry : inbox.entrySet()) {
            int owner = entry.getKey();
            byte[] key = KeyExchange.agree(cipherKeys.getPrivate(), cipherKey(owner), SHARE_LABEL, round);
            ByteBuffer plain = ByteBuffer.wrap(ShareCipher.open(key, entry.getValue(), owner, id, round));
            BigInteger seedShare = readNumber(plain);
            BigInteger keyShare = readNumber(plain);
            if (plain.hasRemaining()) {
                throw new SecureAggregationException("client " + id + ": the shares from client " + owner
                        + " carry " + plain.remaining() + " trailing bytes");
            }
            if (survivors.contains(owner)) {
                seedShares.put(owner, new Shamir.Share(id, seedShare));
            } else {
                keyShares.put(owner, new Shamir.Share(id, keyShare));
            }
        }
        for (int survivor : survivors) {
            if (!seedShares.containsKey(survivor)) {
                throw new SecureAggregationException("client " + id + ": survivor " + survivor
                        + " never shared its keys with this client");
            }
        }
        return new UnmaskingShares(id, seedShares, keyShares);
    }

    private PublicKey cipherKey(int client) {
        return KeyExchange.publicKey(roster.get(client).cipherKey());
    }

    private PublicKey maskKey(int client) {
        return KeyExchange.publicKey(roster.get(client).maskKey());
    }

    private static byte[] encodeShares(BigInteger seedShare, BigInteger keyShare) {
        byte[] a = seedShare.toByteArray();
        byte[] b = keyShare.toByteArray();
        return ByteBuffer.allocate(8 + a.length + b.length).putInt(a.length).put(a).putInt(b.length).put(b).array();
    }

    private static BigInteger readNumber(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 1 || length > 67 || length > buffer.remaining()) {
            throw new SecureAggregationException("MaskingClient: a share of " + length + " bytes is malformed");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        BigInteger value = new BigInteger(bytes);
        if (value.signum() < 0 || value.compareTo(Shamir.PRIME) >= 0) {
            throw new SecureAggregationException("MaskingClient: a share lies outside the field");
        }
        return value;
    }
}

package dev.dendrite.federated;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What secure aggregation costs, measured on this machine: one masking round over random updates (seconds per
 * client, seconds of the server, bytes each client sends), and Paillier's encryption rate in ciphertexts and in
 * packed values per second.
 */
public final class AggregationCost {
    private AggregationCost() {}

    /** One masking round's cost: per client (the mean over clients) and for the server. */
    public record Masking(int clients, int length, int dropped, double clientSeconds, double serverSeconds,
                          double bytesPerClient, boolean exact) {}

    /** Paillier's rates at one key size: ciphertexts/s, packed ring values/s, and decryptions/s. */
    public record Encryption(int bits, int slotsPerCiphertext, double encryptionsPerSecond, double valuesPerSecond,
                             double decryptionsPerSecond) {}

    /**
     * One round with {@code clients} updates of {@code length} values, {@code dropped} of them leaving after sharing
     * their keys; also checks that the unmasked sum equals the plain sum.
     */
    public static Masking masking(int clients, int length, int dropped, SecureRandom random) {
        Map<Integer, int[]> inputs = new TreeMap<>();
        for (int id = 1; id <= clients; id++) {
            int[] v = new int[length];
            for (int i = 0; i < length; i++) v[i] = random.nextInt();
            inputs.put(id, v);
        }
        Set<Integer> gone = new TreeSet<>();
        for (int id = clients; id > clients - dropped; id--) gone.add(id);
        var result = MaskedAggregation.sum(inputs, clients / 2 + 1, 1,
                new MaskedAggregation.DropOuts(Set.of(), gone, Set.of()), random);
        int[] plain = new int[length];
        for (int id : result.included()) {
            int[] v = inputs.get(id);
            for (int i = 0; i < length; i++) plain[i] += v[i];
        }
        return new Masking(clients, length, dropped, result.clientSeconds() / clients, result.serverSeconds(),
                (double) result.bytesToServer() / clients, java.util.Arrays.equals(plain, result.sum()));
    }

    /** Paillier at {@code bits}: {@code count} packed ciphertexts encrypted (in parallel) and decrypted. */
    public static Encryption paillier(int bits, int count, SecureRandom random) {
        Paillier.PrivateKey holder = Paillier.generate(bits, random);
        PaillierPacking packing = new PaillierPacking(holder.publicKey(), 100);
        int[] values = new int[count * packing.slotsPerCiphertext()];
        for (int i = 0; i < values.length; i++) values[i] = random.nextInt();
        packing.encrypt(new int[packing.slotsPerCiphertext()], random);
        long start = System.nanoTime();
        BigInteger[] encrypted = packing.encrypt(values, random);
        double encryptSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        int[] back = packing.decryptSum(holder, encrypted, 1, values.length);
        double decryptSeconds = (System.nanoTime() - start) / 1e9;
        if (!java.util.Arrays.equals(back, values)) {
            throw new IllegalStateException("AggregationCost: Paillier did not give the values back");
        }
        return new Encryption(bits, packing.slotsPerCiphertext(), count / encryptSeconds,
                values.length / encryptSeconds, count / decryptSeconds);
    }
}

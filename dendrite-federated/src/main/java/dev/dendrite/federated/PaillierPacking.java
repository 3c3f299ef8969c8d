package dev.dendrite.federated;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Several ring elements per Paillier plaintext: each 32-bit element is offset by 2^31 to be non-negative and
 * given a slot of 32 + ceil(log2(summands + 1)) bits, wide enough that the sum over {@code summands} clients never
 * carries into the next slot; a 2048-bit key holds 48 elements for up to 1023 clients. Encryption and decryption
 * of the ciphertexts of a vector run in parallel.
 *
 * @param key the public key
 * @param summands the most vectors that will be added before decryption
 */
public record PaillierPacking(Paillier.PublicKey key, int summands) {
    public PaillierPacking {
        if (summands < 1) {
            throw new IllegalArgumentException("PaillierPacking: need at least one summand, got " + summands);
        }
        if (key.bits() - 1 < slotBits(summands)) {
            throw new IllegalArgumentException("PaillierPacking: a " + key.bits() + "-bit key holds no slot of "
                    + slotBits(summands) + " bits");
        }
    }

    private static int slotBits(int summands) {
        return 32 + (32 - Integer.numberOfLeadingZeros(summands));
    }

    /** Bits per slot. */
    public int slotBits() {
        return slotBits(summands);
    }

    /** Ring elements per ciphertext (the plaintext must stay below n). */
    public int slotsPerCiphertext() {
        return (key.bits() - 1) / slotBits();
    }

    /** Ciphertexts for a vector of {@code length} elements. */
    public int ciphertexts(int length) {
        return (length + slotsPerCiphertext() - 1) / slotsPerCiphertext();
    }

    /** The ciphertexts of {@code elements}, encrypted in parallel. */
    public BigInteger[] encrypt(int[] elements, SecureRandom random) {
        int slots = slotsPerCiphertext();
        BigInteger[] out = new BigInteger[ciphertexts(elements.length)];
        IntStream.range(0, out.length).parallel().forEach(c -> {
            BigInteger m = BigInteger.ZERO;
            for (int i = Math.min(elements.length, (c + 1) * slots) - 1; i >= c * slots; i--) {
                m = m.shiftLeft(slotBits()).add(BigInteger.valueOf((long) elements[i] + (1L << 31)));
            }
            out[c] = key.encrypt(m, random);
        });
        return out;
    }

    /** The element-wise encrypted sum of {@code vectors} (each from {@link #encrypt} of the same length). */
    public BigInteger[] add(List<BigInteger[]> vectors) {
        if (vectors.isEmpty() || vectors.size() > summands) {
            throw new IllegalArgumentException("PaillierPacking: can add 1 to " + summands + " vectors, got "
                    + vectors.size());
        }
        int length = vectors.getFirst().length;
        BigInteger[] sum = new BigInteger[length];
        for (BigInteger[] v : vectors) {
            if (v.length != length) {
                throw new SecureAggregationException("PaillierPacking: encrypted vectors of " + v.length + " and "
                        + length + " ciphertexts cannot be added");
            }
        }
        IntStream.range(0, length).parallel().forEach(c -> {
            BigInteger s = vectors.getFirst()[c];
            key.check(s);
            for (int k = 1; k < vectors.size(); k++) {
                key.check(vectors.get(k)[c]);
                s = key.add(s, vectors.get(k)[c]);
            }
            sum[c] = s;
        });
        return sum;
    }

    /** The ring-element sum of {@code count} vectors of {@code length} from their encrypted sum. */
    public int[] decryptSum(Paillier.PrivateKey holder, BigInteger[] encrypted, int count, int length) {
        if (count < 1 || count > summands || encrypted.length != ciphertexts(length)) {
            throw new SecureAggregationException("PaillierPacking: " + encrypted.length + " ciphertexts of " + count
                    + " summands do not pack " + length + " elements");
        }
        int slots = slotsPerCiphertext();
        BigInteger mask = BigInteger.ONE.shiftLeft(slotBits()).subtract(BigInteger.ONE);
        long offset = (long) count << 31;
        int[] out = new int[length];
        IntStream.range(0, encrypted.length).parallel().forEach(c -> {
            BigInteger m = holder.decrypt(encrypted[c]);
            for (int i = c * slots; i < Math.min(length, (c + 1) * slots); i++) {
                out[i] = (int) (m.and(mask).longValueExact() - offset);
                m = m.shiftRight(slotBits());
            }
        });
        return out;
    }
}

// Paillier: decryption inverts encryption, products of ciphertexts decrypt to sums, packed vectors add slot by
// slot without carries, and values that are no ciphertexts are refused.
package dev.dendrite.federated;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaillierTest {
    private static SecureRandom seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    @Test
    void ciphertextProductsDecryptToSums() throws Exception {
        SecureRandom random = seeded(1);
        Paillier.PrivateKey holder = Paillier.generate(512, random);
        Paillier.PublicKey key = holder.publicKey();
        BigInteger a = new BigInteger(500, random);
        BigInteger b = new BigInteger(500, random);
        BigInteger ea = key.encrypt(a, random);
        assertEquals(a, holder.decrypt(ea));
        assertNotEquals(ea, key.encrypt(a, random), "encryption is randomised");
        assertEquals(a.add(b).mod(key.n()), holder.decrypt(key.add(ea, key.encrypt(b, random))));
        assertThrows(SecureAggregationException.class, () -> holder.decrypt(key.nSquared()));
        assertThrows(IllegalArgumentException.class, () -> key.encrypt(key.n(), random));
    }

    @Test
    void packedVectorsAddSlotBySlot() throws Exception {
        SecureRandom random = seeded(2);
        Paillier.PrivateKey holder = Paillier.generate(512, random);
        PaillierPacking packing = new PaillierPacking(holder.publicKey(), 7);
        assertEquals(35, packing.slotBits());
        assertEquals(14, packing.slotsPerCiphertext());
        int length = 45;
        int[] expected = new int[length];
        List<BigInteger[]> encrypted = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            int[] v = new int[length];
            for (int i = 0; i < length; i++) {
                v[i] = i % 3 == 0 ? Integer.MIN_VALUE : i % 3 == 1 ? Integer.MAX_VALUE : random.nextInt();
                expected[i] += v[i];
            }
            encrypted.add(packing.encrypt(v, random));
        }
        assertEquals(4, encrypted.getFirst().length);
        assertArrayEquals(expected, packing.decryptSum(holder, packing.add(encrypted), 7, length));
        List<BigInteger[]> tooMany = new ArrayList<>(encrypted);
        tooMany.add(encrypted.getFirst());
        assertThrows(IllegalArgumentException.class, () -> packing.add(tooMany));
        assertThrows(SecureAggregationException.class, () -> packing.decryptSum(holder, new BigInteger[3], 7, length));
    }
}

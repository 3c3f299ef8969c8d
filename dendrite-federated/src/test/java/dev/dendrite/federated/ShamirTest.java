// Shamir sharing: any t of n shares give a 256-bit secret back, t - 1 give a value unrelated to it, and one share's
// value is uniform over the field whatever the secret (a chi-square test on its top bits over many splits).
package dev.dendrite.federated;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShamirTest {
    /** A SecureRandom that replays from a seed, so the test is deterministic. */
    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    @Test
    void anyThresholdOfSharesRecoversTheSecretAndFewerDoNot() throws Exception {
        BigInteger secret = new BigInteger(256, seeded(1));
        List<Shamir.Share> shares = Shamir.split(secret, 3, 5, seeded(2));
        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                for (int c = b + 1; c < 5; c++) {
                    assertEquals(secret, Shamir.combine(List.of(shares.get(a), shares.get(b), shares.get(c))));
                }
                assertNotEquals(secret, Shamir.combine(List.of(shares.get(a), shares.get(b))));
            }
        }
        assertEquals(secret, Shamir.combine(shares));
        assertThrows(IllegalArgumentException.class, () -> Shamir.combine(List.of(shares.get(0), shares.get(0))));
        assertThrows(IllegalArgumentException.class, () -> Shamir.split(secret, 4, 3, new SecureRandom()));
    }

    @Test
    void oneShareIsUniformWhateverTheSecret() throws Exception {
        SecureRandom random = seeded(3);
        for (BigInteger secret : List.of(BigInteger.ZERO, BigInteger.TWO.pow(256).subtract(BigInteger.ONE))) {
            int[] buckets = new int[16];
            int splits = 3200;
            for (int i = 0; i < splits; i++) {
                BigInteger y = Shamir.split(secret, 2, 3, random).getFirst().y();
                buckets[y.shiftRight(517).intValue()]++;
            }
            double chiSquare = 0;
            for (int count : buckets) chiSquare += Math.pow(count - splits / 16.0, 2) / (splits / 16.0);
            // 15 degrees of freedom: 37.7 is the 0.1 % critical value
            assertTrue(chiSquare < 37.7, "chi-square " + chiSquare + " for secret " + secret);
        }
    }
}

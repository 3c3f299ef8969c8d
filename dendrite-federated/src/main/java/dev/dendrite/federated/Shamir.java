package dev.dendrite.federated;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir's t-of-n secret sharing (1979) over the prime field of p = 2^521 - 1, wide enough for a 256-bit seed or
 * key: the secret is the constant term of a random polynomial of degree t - 1, share i is its value at x = i
 * (1..n); any t shares give the secret back by Lagrange interpolation at 0, and t - 1 shares are consistent with
 * every secret, so they reveal nothing. Secure aggregation shares each client's mask seeds this way.
 */
public final class Shamir {
    /** The field's prime, the Mersenne prime 2^521 - 1. */
    public static final BigInteger PRIME = BigInteger.TWO.pow(521).subtract(BigInteger.ONE);

    private Shamir() {}

    /** One share: the polynomial's value y at x. */
    public record Share(int x, BigInteger y) {}

    /** {@code n} shares of {@code secret} (0 &lt;= secret &lt; p) at x = 1..n, any {@code t} of which recover it. */
    public static List<Share> split(BigInteger secret, int t, int n, SecureRandom random) {
        if (n < 0 || n > 1_000_000) {
            throw new IllegalArgumentException("Shamir: need 1 <= t <= n <= 1000000, got t = " + t + ", n = " + n);
        }
        int[] xs = new int[n];
        for (int i = 0; i < n; i++) xs[i] = i + 1;
        return split(secret, t, xs, random);
    }

    /** One share of {@code secret} at each of the distinct points {@code xs} (all >= 1); any {@code t} recover it. */
    public static List<Share> split(BigInteger secret, int t, int[] xs, SecureRandom random) {
        int n = xs.length;
        if (t < 1 || n < t) {
            throw new IllegalArgumentException("Shamir: need 1 <= t <= n, got t = " + t + ", n = " + n);
        }
        Set<Integer> distinct = new HashSet<>();
        for (int x : xs) {
            if (x < 1 || !distinct.add(x)) {
                throw new IllegalArgumentException("Shamir: share points must be distinct and >= 1, got " + x + " twice"
                        + " or below 1");
            }
        }
        if (secret.signum() < 0 || secret.compareTo(PRIME) >= 0) {
            throw new IllegalArgumentException("Shamir: the secret must be in [0, 2^521 - 1)");
        }
        BigInteger[] coefficients = new BigInteger[t];
        coefficients[0] = secret;
        for (int i = 1; i < t; i++) coefficients[i] = uniform(random);
        List<Share> shares = new ArrayList<>();
        for (int x : xs) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = t - 1; i >= 0; i--) y = y.multiply(bx).add(coefficients[i]).mod(PRIME);
            shares.add(new Share(x, y));
        }
        return shares;
    }

    /**
     * The secret of the polynomial through {@code shares} (distinct x): the right secret when they are at least t
     * shares of one split; with fewer, some value that every secret is equally likely to have produced.
     */
    public static BigInteger combine(List<Share> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("Shamir: no shares to combine");
        }
        Set<Integer> xs = new HashSet<>();
        for (Share s : shares) {
            if (s.x() < 1 || !xs.add(s.x()) || s.y().signum() < 0 || s.y().compareTo(PRIME) >= 0) {
                throw new IllegalArgumentException("Shamir: shares need distinct x >= 1 and y in the field, got x = "
                        + s.x());
            }
        }
        BigInteger secret = BigInteger.ZERO;
        for (Share i : shares) {
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (Share j : shares) {
                if (j.x() != i.x()) {
                    numerator = numerator.multiply(BigInteger.valueOf(-j.x())).mod(PRIME);
                    denominator = denominator.multiply(BigInteger.valueOf(i.x() - j.x())).mod(PRIME);
                }
            }
            secret = secret.add(i.y().multiply(numerator).multiply(denominator.modInverse(PRIME))).mod(PRIME);
        }
        return secret;
    }

    private static BigInteger uniform(SecureRandom random) {
        BigInteger r;
        do {
            r = new BigInteger(521, random);
        } while (r.compareTo(PRIME) >= 0);
        return r;
    }
}

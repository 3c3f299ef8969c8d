package dev.dendrite.federated;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Paillier's additively homomorphic cryptosystem (1999) with g = n + 1: E(m) = (1 + m n) r^n mod n^2, and
 * E(a) E(b) mod n^2 = E(a + b mod n), so an aggregator can add encrypted updates without reading them. The key
 * holder decrypts with the Chinese remainder theorem over p^2 and q^2.
 */
public final class Paillier {
    private Paillier() {}

    /** The public key: the modulus n and its square. */
    public record PublicKey(BigInteger n, BigInteger nSquared) {
        public PublicKey(BigInteger n) {
            this(n, n.multiply(n));
        }

        /** Bits in n. */
        public int bits() {
            return n.bitLength();
        }

        /** E(m) for 0 &lt;= m &lt; n with fresh randomness from {@code random}. */
        public BigInteger encrypt(BigInteger m, SecureRandom random) {
            if (m.signum() < 0 || m.compareTo(n) >= 0) {
                throw new IllegalArgumentException("Paillier: plaintext outside [0, n)");
            }
            BigInteger r;
            do {
                r = new BigInteger(n.bitLength(), random);
            } while (r.signum() == 0 || r.compareTo(n) >= 0 || !r.gcd(n).equals(BigInteger.ONE));
            BigInteger gm = BigInteger.ONE.add(m.multiply(n)).mod(nSquared);
            return gm.multiply(r.modPow(n, nSquared)).mod(nSquared);
        }

        /** E(a + b) from E(a) and E(b). */
        public BigInteger add(BigInteger a, BigInteger b) {
            return a.multiply(b).mod(nSquared);
        }

        /** Throws unless {@code c} is a ciphertext under this key (in [1, n^2) and a unit). */
        public void check(BigInteger c) {
            if (c.signum() <= 0 || c.compareTo(nSquared) >= 0 || !c.gcd(n).equals(BigInteger.ONE)) {
                throw new SecureAggregationException("Paillier: a value that is no ciphertext under this " + bits()
                        + "-bit key");
            }
        }
    }

    /** The private key: the primes p and q, with the CRT constants derived from them. */
    public static final class PrivateKey {
        private final PublicKey publicKey;
        private final BigInteger p;
        private final BigInteger q;
        private final BigInteger pSquared;
        private final BigInteger qSquared;
        private final BigInteger hp;
        private final BigInteger hq;
        private final BigInteger qInverse;

        PrivateKey(BigInteger p, BigInteger q) {
            this.publicKey = new PublicKey(p.multiply(q));
            this.p = p;
            this.q = q;
            this.pSquared = p.multiply(p);
            this.qSquared = q.multiply(q);
            BigInteger g = publicKey.n().add(BigInteger.ONE);
            this.hp = l(g.modPow(p.subtract(BigInteger.ONE), pSquared), p).modInverse(p);
            this.hq = l(g.modPow(q.subtract(BigInteger.ONE), qSquared), q).modInverse(q);
            this.qInverse = q.modInverse(p);
        }

        public PublicKey publicKey() {
            return publicKey;
        }

        /** D(c), the plaintext in [0, n). */
        public BigInteger decrypt(BigInteger c) {
            publicKey.check(c);
            BigInteger mp = l(c.mod(pSquared).modPow(p.subtract(BigInteger.ONE), pSquared), p).multiply(hp).mod(p);
            BigInteger mq = l(c.mod(qSquared).modPow(q.subtract(BigInteger.ONE), qSquared), q).multiply(hq).mod(q);
            return mq.add(mp.subtract(mq).multiply(qInverse).mod(p).multiply(q));
        }

        private static BigInteger l(BigInteger u, BigInteger d) {
            return u.subtract(BigInteger.ONE).divide(d);
        }
    }

    /** A key pair whose modulus n has {@code bits} bits (2048 or more for use; smaller only for tests). */
    public static PrivateKey generate(int bits, SecureRandom random) {
        if (bits < 256 || bits % 2 != 0) {
            throw new IllegalArgumentException("Paillier: need an even key size of at least 256 bits, got " + bits);
        }
        while (true) {
            BigInteger p = BigInteger.probablePrime(bits / 2, random);
            BigInteger q = BigInteger.probablePrime(bits / 2, random);
            BigInteger n = p.multiply(q);
            if (!p.equals(q) && n.bitLength() == bits
                    && n.gcd(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE))).equals(BigInteger.ONE)) {
                return new PrivateKey(p, q);
            }
        }
    }
}

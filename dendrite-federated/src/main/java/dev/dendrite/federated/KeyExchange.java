package dev.dendrite.federated;

import javax.crypto.KDF;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.HKDFParameterSpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;

/**
 * X25519 key agreement followed by HKDF-SHA256: two parties that hold each other's public key derive the same
 * 256-bit secret, bound to a purpose label and a context (the round), without sending it. Public keys travel in
 * their X.509 encoding; a private key's 32-byte scalar can be Shamir-shared and rebuilt.
 */
public final class KeyExchange {
    private KeyExchange() {}

    /** A fresh X25519 key pair drawn from {@code random}. */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KeyExchange: this JDK lacks X25519", e);
        }
    }

    /** The public key of its X.509 encoding; a malformed one is a {@link SecureAggregationException}. */
    public static PublicKey publicKey(byte[] encoded) {
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecureAggregationException("KeyExchange: not an X25519 public key (" + encoded.length + " bytes)", e);
        }
    }

    /** The private key's scalar as a number below 2^256, for secret sharing. */
    public static BigInteger scalar(PrivateKey key) {
        byte[] bytes = ((XECPrivateKey) key).getScalar().orElseThrow();
        return new BigInteger(1, bytes);
    }

    /** The private key whose scalar is {@code scalar}. */
    public static PrivateKey privateKey(BigInteger scalar) {
        if (scalar.signum() < 0 || scalar.bitLength() > 256) {
            throw new SecureAggregationException("KeyExchange: a rebuilt X25519 scalar must fit in 256 bits");
        }
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, toBytes(scalar)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KeyExchange: this JDK lacks X25519", e);
        }
    }

    /** The 32-byte secret for {@code label} and {@code context} that {@code mine} and {@code theirs} agree on. */
    public static byte[] agree(PrivateKey mine, PublicKey theirs, String label, long context) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(mine);
            agreement.doPhase(theirs, true);
            byte[] shared = agreement.generateSecret();
            byte[] salt = BigInteger.valueOf(context).toByteArray();
            return KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract().addIKM(shared).addSalt(salt)
                    .thenExpand(label.getBytes(StandardCharsets.UTF_8), 32));
        } catch (GeneralSecurityException e) {
            throw new SecureAggregationException("KeyExchange: key agreement failed: " + e.getMessage(), e);
        }
    }

    /** A number below 2^256 as 32 big-endian bytes. */
    public static byte[] toBytes(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}

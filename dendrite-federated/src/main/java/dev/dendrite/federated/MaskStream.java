package dev.dendrite.federated;

import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/**
 * The pseudo-random generator masks are expanded from: the ChaCha20 keystream under a 256-bit seed (nonce zero,
 * counter zero), read as little-endian 32-bit ring elements. Every seed masks one vector in one round, so a
 * (key, nonce) pair is never used twice for different data.
 */
public final class MaskStream {
    /** Bytes in a seed: ChaCha20's 256-bit key. */
    public static final int SEED_BYTES = 32;

    private MaskStream() {}

    /** {@code length} ring elements of the stream under {@code seed}. */
    public static int[] expand(byte[] seed, int length) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("MaskStream: a seed has " + SEED_BYTES + " bytes, got " + seed.length);
        }
        try {
            Cipher chacha = Cipher.getInstance("ChaCha20");
            chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
            byte[] stream = chacha.doFinal(new byte[Math.multiplyExact(length, 4)]);
            int[] out = new int[length];
            ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MaskStream: this JDK lacks ChaCha20", e);
        }
    }

    /** Adds {@code sign} (+1 or -1) times the stream under {@code seed} to {@code vector}, in the ring. */
    public static void apply(int[] vector, byte[] seed, int sign) {
        int[] mask = expand(seed, vector.length);
        if (sign > 0) {
            for (int i = 0; i < vector.length; i++) vector[i] += mask[i];
        } else {
            for (int i = 0; i < vector.length; i++) vector[i] -= mask[i];
        }
    }
}

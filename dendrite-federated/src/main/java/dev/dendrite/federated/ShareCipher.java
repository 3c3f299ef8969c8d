package dev.dendrite.federated;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Authenticated encryption of the shares one client sends another through the server: AES-256-GCM under the
 * pair's agreed key, a random 96-bit nonce in front of the ciphertext, and the sender, receiver and round as
 * associated data, so the server can neither read a share nor pass it to another client or round.
 */
public final class ShareCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private ShareCipher() {}

    /** {@code plaintext} sealed from {@code sender} to {@code receiver} in {@code round}. */
    public static byte[] seal(byte[] key, byte[] plaintext, int sender, int receiver, long round, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(associatedData(sender, receiver, round));
            byte[] sealed = gcm.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ShareCipher: this JDK lacks AES-GCM", e);
        }
    }

    /** The plaintext of {@code box}, or a {@link SecureAggregationException} when it does not authenticate. */
    public static byte[] open(byte[] key, byte[] box, int sender, int receiver, long round) {
        if (box.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecureAggregationException("ShareCipher: a sealed share from client " + sender + " has only "
                    + box.length + " bytes");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            gcm.updateAAD(associatedData(sender, receiver, round));
            return gcm.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecureAggregationException("ShareCipher: the share from client " + sender + " to client " + receiver
                    + " in round " + round + " does not authenticate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ShareCipher: this JDK lacks AES-GCM", e);
        }
    }

    private static byte[] associatedData(int sender, int receiver, long round) {
        return ByteBuffer.allocate(16).putInt(sender).putInt(receiver).putLong(round).array();
    }
}

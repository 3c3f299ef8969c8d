package dev.dendrite.federated;

import java.util.Map;

/**
 * The messages of one round of secure aggregation by pairwise masking (Bonawitz et al., CCS 2017), in the order
 * they are sent. Clients are numbered from 1; the number is also the point of their Shamir shares.
 */
public final class MaskingMessages {
    private MaskingMessages() {}

    /** Round 0, client to all: the public keys for sealing shares and for agreeing on masks (X.509 encodings). */
    public record Advertisement(int client, byte[] cipherKey, byte[] maskKey) {}

    /**
     * Round 1, client to each other client through the server: the sender's shares of its self-mask seed and of its
     * mask private key, sealed for each receiver ({@code boxes} maps receiver to sealed bytes).
     */
    public record SealedShares(int sender, Map<Integer, byte[]> boxes) {}

    /** Round 2, client to server: the client's input plus its self-mask and its pairwise masks, in the ring. */
    public record MaskedInput(int client, int[] masked) {}

    /**
     * Round 3, client to server: for each client that sent its masked input, a share of that client's self-mask
     * seed; for each client that dropped out after sharing, a share of its mask private key. Never both for one
     * client.
     */
    public record UnmaskingShares(int sender, Map<Integer, Shamir.Share> selfMaskShares,
                                  Map<Integer, Shamir.Share> maskKeyShares) {}
}

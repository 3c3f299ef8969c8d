package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

/**
 * Which keys each query may attend to, as PyTorch's attention-mask arguments gathered in one value: an attention
 * mask (T, S) or (B * heads, T, S), a key-padding mask (B, S), and causality (no key after the query). Each mask is
 * INT64, where non-zero marks a forbidden key (PyTorch's boolean True), or floating, added to the scores (-inf
 * forbids). Start from {@link #NONE}, {@link #causal()} or {@link #keyPadding(Tensor)}.
 */
public record AttentionMask(Tensor attnMask, Tensor keyPaddingMask, boolean isCausal) {
    /** Every query sees every key. */
    public static final AttentionMask NONE = new AttentionMask(null, null, false);

    /** Query i sees keys 0..i (a decoder's or a language model's self-attention). */
    public static AttentionMask causal() {
        return new AttentionMask(null, null, true);
    }

    /** Keys marked non-zero (INT64) or -inf (floating) in {@code mask} (B, S) are padding. */
    public static AttentionMask keyPadding(Tensor mask) {
        return new AttentionMask(null, mask, false);
    }

    public AttentionMask withKeyPadding(Tensor mask) {
        return new AttentionMask(attnMask, mask, isCausal);
    }

    /**
     * A mask as the scores' addend: INT64 (non-zero: forbidden) becomes 0 / -inf in {@code dtype}; a floating mask
     * is returned as it is (detached).
     */
    public static Tensor additive(Tensor mask, DType dtype) {
        if (mask.dtype() != DType.INT64) {
            return mask.to(dtype).detach();
        }
        return Tensor.zeros(dtype, mask.dims()).maskedFill(mask, Double.NEGATIVE_INFINITY);
    }

    /** Adds an attention mask (T, S) or (B * heads, T, S). */
    public AttentionMask withAttnMask(Tensor mask) {
        return new AttentionMask(mask, keyPaddingMask, isCausal);
    }
}

package dev.dendrite.nn;

/**
 * How a MultiheadAttention is built, as PyTorch's nn.MultiheadAttention arguments: dropout on the attention weights
 * (training only), biases on the projections, the key and value feature counts (0: the embedding size, so one
 * packed {@code in_proj_weight}), and the layout: batch-first (B, T, E) or time-first (T, B, E, PyTorch's default).
 * As with RecurrentOptions, a caller starts from BATCH_FIRST or TIME_FIRST.
 */
public record AttentionOptions(double dropout, boolean bias, int keyDim, int valueDim, boolean batchFirst) {
    /** No dropout, biases, keys and values of the embedding size, inputs (B, T, E). */
    public static final AttentionOptions BATCH_FIRST = new AttentionOptions(0, true, 0, 0, true);
    /** No dropout, biases, keys and values of the embedding size, inputs (T, B, E) as PyTorch's default. */
    public static final AttentionOptions TIME_FIRST = new AttentionOptions(0, true, 0, 0, false);

    public AttentionOptions {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("attention: dropout must be in [0, 1), got " + dropout);
        }
        if (keyDim < 0 || valueDim < 0) {
            throw new IllegalArgumentException("attention: key and value dims must be >= 0 (0: the embedding size), got "
                    + keyDim + ", " + valueDim);
        }
    }

    public AttentionOptions withDropout(double p) {
        return new AttentionOptions(p, bias, keyDim, valueDim, batchFirst);
    }

    public AttentionOptions withBias(boolean on) {
        return new AttentionOptions(dropout, on, keyDim, valueDim, batchFirst);
    }

    /** Keys of {@code k} and values of {@code v} features (PyTorch's kdim, vdim). */
    public AttentionOptions withKeyValueDims(int k, int v) {
        return new AttentionOptions(dropout, bias, k, v, batchFirst);
    }
}

package dev.dendrite.nn;

/**
 * How a Transformer layer is built, as PyTorch's nn.TransformerEncoderLayer arguments: the feed-forward width
 * (dim_feedforward, 2048), dropout (0.1) after attention, inside and after the feed-forward block, its activation
 * (ReLU or GELU), LayerNorm's eps (1e-5), the layout (batch-first (B, T, E) or time-first (T, B, E)) and where the
 * normalisation sits: after each residual sum as in the paper (post-norm), or before each block (pre-norm,
 * norm_first, which trains deep stacks without warm-up). A caller starts from BATCH_FIRST or TIME_FIRST.
 */
public record TransformerOptions(int feedforward, double dropout, Activation activation, double layerNormEps,
                                 boolean batchFirst, boolean normFirst) {
    /** The feed-forward block's non-linearity. */
    public enum Activation { RELU, GELU }

    /** PyTorch's defaults with inputs (B, T, E). */
    public static final TransformerOptions BATCH_FIRST =
            new TransformerOptions(2048, 0.1, Activation.RELU, 1e-5, true, false);
    /** PyTorch's defaults, inputs (T, B, E). */
    public static final TransformerOptions TIME_FIRST =
            new TransformerOptions(2048, 0.1, Activation.RELU, 1e-5, false, false);

    public TransformerOptions {
        if (feedforward < 1 || !(dropout >= 0 && dropout < 1) || !(layerNormEps > 0) || activation == null) {
            throw new IllegalArgumentException("transformer: need feedforward >= 1, dropout in [0, 1), eps > 0 and an"
                    + " activation, got " + feedforward + ", " + dropout + ", " + layerNormEps + ", " + activation);
        }
    }

    public TransformerOptions withFeedforward(int width) {
        return new TransformerOptions(width, dropout, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerOptions withDropout(double p) {
        return new TransformerOptions(feedforward, p, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerOptions withActivation(Activation a) {
        return new TransformerOptions(feedforward, dropout, a, layerNormEps, batchFirst, normFirst);
    }

    public TransformerOptions withLayerNormEps(double eps) {
        return new TransformerOptions(feedforward, dropout, activation, eps, batchFirst, normFirst);
    }

    public TransformerOptions withNormFirst(boolean on) {
        return new TransformerOptions(feedforward, dropout, activation, layerNormEps, batchFirst, on);
    }

    /** The matching attention options (dropout on the weights, the same layout). */
    AttentionOptions attention() {
        return (batchFirst ? AttentionOptions.BATCH_FIRST : AttentionOptions.TIME_FIRST).withDropout(dropout);
    }

    String describe() {
        return ", feedforward=" + feedforward + ", dropout=" + dropout + ", " + activation.name().toLowerCase()
                + (normFirst ? ", pre-norm" : ", post-norm") + (batchFirst ? ", batch-first" : ", time-first");
    }
}

package dev.dendrite.models;

import dev.dendrite.tensor.Tensor;

/**
 * Pooling over the time steps of padded batches, blind to the padding: the max or the mean over each row's first
 * {@code valid[b]} steps, never over the steps past them.
 */
final class TimePooling {
    private TimePooling() {}

    /** 1 where step t of row b is padding (t >= valid[b]), 0 elsewhere. Shapes: -> (B, T, 1), x's dtype. */
    static Tensor padding(int[] valid, int steps, Tensor like) {
        double[] mask = new double[valid.length * steps];
        for (int b = 0; b < valid.length; b++) {
            for (int t = Math.max(0, valid[b]); t < steps; t++) {
                mask[b * steps + t] = 1;
            }
        }
        return Tensor.fromArray(mask, valid.length, steps, 1).to(like.dtype());
    }

    /** The max over each row's valid steps (at least one each). Shapes: x (B, T, C) -> (B, C). */
    static Tensor max(Tensor x, int[] valid) {
        Tensor kept = full(valid, x.size(1)) ? x
                : x.maskedFill(padding(valid, x.size(1), x), Double.NEGATIVE_INFINITY);
        return kept.max(new int[] {1}, false);
    }

    /** Whether every row's steps are all valid (nothing to mask). */
    private static boolean full(int[] valid, int steps) {
        return java.util.Arrays.stream(valid).allMatch(v -> v >= steps);
    }

    /** The mean over each row's valid steps (at least one each). Shapes: x (B, T, C) -> (B, C). */
    static Tensor mean(Tensor x, int[] valid) {
        double[] inverse = new double[valid.length];
        for (int b = 0; b < valid.length; b++) {
            inverse[b] = 1.0 / valid[b];
        }
        Tensor kept = (full(valid, x.size(1)) ? x : x.maskedFill(padding(valid, x.size(1), x), 0))
                .sum(new int[] {1}, false);
        return kept.mul(Tensor.fromArray(inverse, valid.length, 1).to(x.dtype()));
    }
}

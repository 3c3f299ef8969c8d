package dev.dendrite.ops;

import dev.dendrite.tensor.ShapeException;

/**
 * How a convolution or pooling window treats the borders: explicit sizes per side, or TensorFlow's SAME / VALID
 * (seed 001, GetWindowedOutputSize). With effective filter k' = (k - 1) * dilation + 1:
 * <pre>
 *   VALID: out = (in - k' + stride) / stride (integer division), no padding;
 *   SAME:  out = ceil(in / stride), padding needed = max(0, (out - 1) * stride + k' - in), split with the odd one
 *          after (right / bottom). Valid for every stride and dilation (PyTorch refuses SAME with stride &gt; 1).
 *   explicit: out = (in + before + after - k') / stride + 1 (floor), or rounded up with ceil mode.
 * </pre>
 */
public sealed interface Padding permits Padding.Same, Padding.Valid, Padding.Explicit {
    /** TensorFlow's SAME. */
    record Same() implements Padding {}

    /** No padding. */
    record Valid() implements Padding {}

    /** Explicit padding: {@code before[d]} and {@code after[d]} for each spatial dim d. */
    record Explicit(int[] before, int[] after) implements Padding {
        public Explicit {
            for (int i = 0; i < before.length; i++) {
                if (before[i] < 0 || after[i] < 0) {
                    throw new ShapeException("padding must be >= 0, got " + java.util.Arrays.toString(before) + " / "
                            + java.util.Arrays.toString(after));
                }
            }
        }
    }

    Padding SAME = new Same();
    Padding VALID = new Valid();

    /** The same padding on both sides of every spatial dim (PyTorch's padding=p). */
    static Padding of(int... symmetric) {
        return new Explicit(symmetric.clone(), symmetric.clone());
    }

    /** The resolved window geometry of one spatial dim. */
    record Dim(int out, int before, int after) {}

    /** Output size and padding of one spatial dim of size {@code in}. */
    static Dim resolve(Padding p, int d, int in, int kernel, int stride, int dilation, boolean ceilMode, String op) {
        if (kernel < 1 || stride < 1 || dilation < 1) {
            throw new ShapeException(op + ": kernel, stride and dilation must be >= 1, got " + kernel + ", " + stride + ", "
                    + dilation);
        }
        int k = (kernel - 1) * dilation + 1;
        Dim dim = switch (p) {
            case Valid v -> new Dim((in - k + stride) / stride, 0, 0);
            case Same s -> {
                int out = (in + stride - 1) / stride;
                int needed = Math.max(0, (out - 1) * stride + k - in);
                yield new Dim(out, needed / 2, needed - needed / 2);
            }
            case Explicit e -> {
                int span = in + e.before()[d] + e.after()[d] - k;
                int out = span < 0 ? 0 : (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
                if (ceilMode && out > 0 && (out - 1) * stride >= in + e.before()[d]) {
                    out--; // PyTorch: the last window must start inside the input or its left padding
                }
                int extra = Math.max(0, (out - 1) * stride + k - (in + e.before()[d] + e.after()[d]));
                yield new Dim(out, e.before()[d], e.after()[d] + extra);
            }
        };
        if (dim.out() <= 0) {
            throw new ShapeException(op + ": input size " + in + " is too small for a window of " + kernel + " (dilation "
                    + dilation + ", effective " + k + ") with " + p + " padding: the output would be empty");
        }
        return dim;
    }
}

package dev.dendrite.nn;

import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Tensor;

/**
 * 1-d average pooling over sequences; explicit padding counts in the average, SAME does not. Shapes: x (B, C, L)
 * -&gt; y (B, C, outL).
 */
public final class AvgPool1d extends Layer {
    private final int kernel;
    private final int stride;
    private final Padding padding;
    private final boolean ceilMode;

    public AvgPool1d(int kernel, int stride, Padding padding, boolean ceilMode) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    /** Window {@code kernel} moving by {@code stride}, no padding. */
    public AvgPool1d(int kernel, int stride) {
        this(kernel, stride, Padding.of(0), false);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.avgPool1d(x, kernel, stride, padding, ceilMode);
    }

    @Override
    public String toString() {
        return "AvgPool1d(kernel=" + kernel + ", stride=" + stride + ", padding=" + Conv2d.describe(padding) + ")";
    }
}

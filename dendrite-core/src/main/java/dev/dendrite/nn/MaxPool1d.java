package dev.dendrite.nn;

import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Tensor;

/**
 * 1-d max pooling over sequences (TextCNN's max-over-time pooling uses a window as long as the sequence). Shapes: x
 * (B, C, L) -&gt; y (B, C, outL).
 */
public final class MaxPool1d extends Layer {
    private final int kernel;
    private final int stride;
    private final Padding padding;
    private final boolean ceilMode;

    public MaxPool1d(int kernel, int stride, Padding padding, boolean ceilMode) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    /** Window {@code kernel} moving by {@code stride}, no padding. */
    public MaxPool1d(int kernel, int stride) {
        this(kernel, stride, Padding.of(0), false);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.maxPool1d(x, kernel, stride, padding, ceilMode);
    }

    @Override
    public String toString() {
        return "MaxPool1d(kernel=" + kernel + ", stride=" + stride + ", padding=" + Conv2d.describe(padding) + ")";
    }
}

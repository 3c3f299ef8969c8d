package dev.dendrite.nn;

import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Tensor;

/**
 * Max pooling (seed 001's down-sampling; overlapping when kernel &gt; stride, as in AlexNet). Shapes: x (B, C, H,
 * W) -&gt; y (B, C, outH, outW).
 */
public final class MaxPool2d extends Layer {
    private final int[] kernel;
    private final int[] stride;
    private final Padding padding;
    private final boolean ceilMode;

    public MaxPool2d(int[] kernel, int[] stride, Padding padding, boolean ceilMode) {
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    /** Square window {@code kernel} moving by {@code stride}, no padding. */
    public MaxPool2d(int kernel, int stride) {
        this(new int[] {kernel, kernel}, new int[] {stride, stride}, Padding.of(0, 0), false);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.maxPool2d(x, kernel, stride, padding, ceilMode);
    }

    @Override
    public String toString() {
        return "MaxPool2d(kernel=" + kernel[0] + "x" + kernel[1] + ", stride=" + stride[0] + "x" + stride[1] + ")";
    }
}

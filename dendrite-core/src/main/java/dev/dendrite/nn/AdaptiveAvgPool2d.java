package dev.dendrite.nn;

import dev.dendrite.ops.Pool;
import dev.dendrite.tensor.Tensor;

/**
 * Adaptive average pooling to a fixed output size, with PyTorch's bins (see ops.Pool.adaptiveAvgPool2d). Output 1x1
 * is global average pooling. Shapes: x (B, C, H, W) -&gt; y (B, C, outH, outW).
 */
public final class AdaptiveAvgPool2d extends Layer {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.adaptiveAvgPool2d(x, outH, outW);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outH + ", " + outW + ")";
    }
}

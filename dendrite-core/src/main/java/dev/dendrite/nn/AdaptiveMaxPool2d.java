package dev.dendrite.nn;

import dev.dendrite.ops.Pool;
import dev.dendrite.tensor.Tensor;

/**
 * Adaptive max pooling to a fixed output size, with PyTorch's bins (see ops.Pool.adaptiveMaxPool2d). Output 1x1 is
 * global max pooling. Shapes: x (B, C, H, W) -&gt; y (B, C, outH, outW).
 */
public final class AdaptiveMaxPool2d extends Layer {
    private final int outH;
    private final int outW;

    public AdaptiveMaxPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.adaptiveMaxPool2d(x, outH, outW);
    }

    @Override
    public String toString() {
        return "AdaptiveMaxPool2d(" + outH + ", " + outW + ")";
    }
}

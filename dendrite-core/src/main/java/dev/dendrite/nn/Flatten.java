package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * Flattens dims startDim..endDim into one; by default everything but the batch dim, as PyTorch's nn.Flatten.
 * Shapes: x (B, C, H, W) -&gt; y (B, C * H * W) with the defaults.
 */
public final class Flatten extends Layer {
    private final int startDim;
    private final int endDim;

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    public Flatten() {
        this(1, -1);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim, endDim);
    }

    @Override
    public String toString() {
        return "Flatten(startDim=" + startDim + ", endDim=" + endDim + ")";
    }
}

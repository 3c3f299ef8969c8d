package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Maxout (Goodfellow et al. 2013): k linear pieces per output unit, y_j = max_i (x W_ij + b_ij). It learns a convex
 * piecewise-linear activation; ReLU and |x| are special cases. Few frameworks ship it. Shapes: x (..., inFeatures)
 * -&gt; y (..., outFeatures); the inner Linear maps to outFeatures * pieces.
 */
public final class Maxout extends Layer {
    private final int outFeatures;
    private final int pieces;
    private final Linear linear;

    public Maxout(int inFeatures, int outFeatures, int pieces, Generator g) {
        if (pieces < 1) {
            throw new IllegalArgumentException("Maxout: pieces must be >= 1, got " + pieces);
        }
        this.outFeatures = outFeatures;
        this.pieces = pieces;
        this.linear = registerModule("linear", new Linear(inFeatures, outFeatures * pieces, g));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor z = linear.forward(x); // (..., out * k)
        int[] dims = z.dims();
        int[] split = java.util.Arrays.copyOf(dims, dims.length + 1);
        split[dims.length - 1] = outFeatures;
        split[dims.length] = pieces;
        return z.reshape(split).max(new int[] {-1}, false); // (..., out)
    }

    @Override
    public String toString() {
        return "Maxout(" + linear.weight().size(1) + ", " + outFeatures + ", pieces=" + pieces + ")";
    }
}

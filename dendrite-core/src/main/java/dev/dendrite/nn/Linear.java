package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Fully connected layer y = x W^T + b (seed 001's "full connection"), initialised as PyTorch's nn.Linear. Shapes: x
 * (..., inFeatures) -&gt; y (..., outFeatures); weight (outFeatures, inFeatures); bias (outFeatures).
 */
public final class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator g) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got " + inFeatures + ", " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Init.torchDefaultWeight(Tensor.zeros(DType.FLOAT32, outFeatures, inFeatures), g));
        this.bias = bias ? registerParameter("bias", Init.torchDefaultBias(Tensor.zeros(DType.FLOAT32, outFeatures), inFeatures, g)) : null;
    }

    public Linear(int inFeatures, int outFeatures, Generator g) {
        this(inFeatures, outFeatures, true, g);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.size(-1) != inFeatures) {
            throw new ShapeException(describe() + ": expected input (..., " + inFeatures + "), got " + x.shape());
        }
        return F.linear(x, weight, bias);
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + ", " + outFeatures + ", bias=" + (bias != null) + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Parametric ReLU (He et al. 2015): max(0, x) + a * min(0, x) with a learned slope a, either one shared value or
 * one per channel (dim 1), initialised to 0.25 as in PyTorch. Shapes: x (B, C, *) or (*) -&gt; y, the same shape;
 * weight (numParameters).
 */
public final class PReLU extends Layer {
    private final Tensor weight;

    public PReLU(int numParameters, double init) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("PReLU: numParameters must be >= 1, got " + numParameters);
        }
        weight = registerParameter("weight", Tensor.full(init, dev.dendrite.tensor.DType.FLOAT32, numParameters));
    }

    /** One shared slope initialised to 0.25. */
    public PReLU() {
        this(1, 0.25);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = weight.numel();
        Tensor a = weight.to(x.dtype());
        if (n > 1) {
            if (x.rank() < 2 || x.size(1) != n) {
                throw new ShapeException(describe() + ": expected input (B, " + n + ", *) with " + n
                        + " channels in dim 1, got " + x.shape());
            }
            int[] dims = new int[x.rank() - 1];
            java.util.Arrays.fill(dims, 1);
            dims[0] = n;
            a = a.reshape(dims); // (C, 1, ..., 1) broadcasts over dim 1
        }
        Tensor positive = x.relu();
        return positive.add(a.mul(x.sub(positive)));
    }

    @Override
    public String toString() {
        return "PReLU(numParameters=" + weight.numel() + ")";
    }
}

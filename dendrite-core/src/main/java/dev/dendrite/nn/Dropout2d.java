package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Channel dropout (Tompson et al. 2015): in training zeroes whole feature maps with probability p and scales the
 * rest by 1/(1-p), since neighbouring pixels of a map are too correlated for element dropout to regularise. Shapes:
 * x (B, C, H, W) -&gt; y, the same shape.
 */
public final class Dropout2d extends Layer {
    private final double p;
    private final Generator generator;

    public Dropout2d(double p, Generator generator) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout2d: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(describe() + ": expected input (B, C, H, W), got " + x.shape());
        }
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor keep = Tensor.bernoulli(generator, 1 - p, x.dtype(), x.size(0), x.size(1), 1, 1);
        return x.mul(keep.mul(1 / (1 - p)));
    }

    @Override
    public String toString() {
        return "Dropout2d(p=" + p + ")";
    }
}

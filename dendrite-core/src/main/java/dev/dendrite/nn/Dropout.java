package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Dropout (Srivastava et al. 2014, used in AlexNet): in training zeroes each element with probability p and scales
 * the survivors by 1/(1-p); in evaluation it is the identity. Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Generator generator;

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), generator);
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}

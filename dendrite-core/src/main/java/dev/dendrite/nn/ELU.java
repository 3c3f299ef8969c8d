package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * x &gt; 0 ? x : alpha * (exp(x) - 1) (Clevert et al. 2015). Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class ELU extends Layer {
    private final double alpha;

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    public ELU() {
        this(1.0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.elu(alpha);
    }

    @Override
    public String toString() {
        return "ELU(alpha=" + alpha + ")";
    }
}

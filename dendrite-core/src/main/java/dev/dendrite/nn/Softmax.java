package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * softmax along one dim: exp(x_i) / sum_j exp(x_j). Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class Softmax extends Layer {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override
    public String toString() {
        return "Softmax(dim=" + dim + ")";
    }
}

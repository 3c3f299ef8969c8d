package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * log-softmax along one dim: x_i - log sum_j exp(x_j), computed stably. Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class LogSoftmax extends Layer {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }

    @Override
    public String toString() {
        return "LogSoftmax(dim=" + dim + ")";
    }
}

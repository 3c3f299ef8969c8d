package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * sigmoid(x) = 1 / (1 + exp(-x)). Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class Sigmoid extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}

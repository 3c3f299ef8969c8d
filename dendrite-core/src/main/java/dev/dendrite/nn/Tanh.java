package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * tanh(x). Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class Tanh extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}

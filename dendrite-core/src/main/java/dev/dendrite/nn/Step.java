package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * Heaviside step, 1 where x &gt; 0 else 0: the perceptron's activation (seed 001). Zero gradient. Shapes: x (*)
 * -&gt; y (*), the same shape.
 */
public final class Step extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x.step();
    }

    @Override
    public String toString() {
        return "Step()";
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * max(0, x) (Nair &amp; Hinton 2010; AlexNet's activation). Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class ReLU extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}

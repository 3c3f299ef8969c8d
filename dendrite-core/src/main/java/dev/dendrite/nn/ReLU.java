// max(0, x) (Nair & Hinton 2010; AlexNet's activation).
// Shapes: x (*) -> y (*), the same shape.
package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

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

// tanh(x).
// Shapes: x (*) -> y (*), the same shape.
package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

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

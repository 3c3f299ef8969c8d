// x * Phi(x), the exact (erf) form (Hendrycks & Gimpel 2016).
// Shapes: x (*) -> y (*), the same shape.
package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

public final class GELU extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x.gelu();
    }

    @Override
    public String toString() {
        return "GELU()";
    }
}

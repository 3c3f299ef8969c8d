package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * x * Phi(x), the exact (erf) form (Hendrycks &amp; Gimpel 2016). Shapes: x (*) -&gt; y (*), the same shape.
 */
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

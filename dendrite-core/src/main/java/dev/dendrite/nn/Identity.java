package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * Returns its input unchanged (a placeholder in a Sequential). Shapes: x (*) -&gt; y (*), the same shape.
 */
public final class Identity extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }

    @Override
    public String toString() {
        return "Identity()";
    }
}

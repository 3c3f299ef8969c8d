// A module with one tensor in and one tensor out: everything Sequential can chain.
package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

public abstract class Layer extends Module {
    /** Applies the layer. Each subclass documents its shapes. */
    public abstract Tensor forward(Tensor x);
}

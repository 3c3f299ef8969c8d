package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * A module with one tensor in and one tensor out: everything Sequential can chain.
 */
public abstract class Layer extends Module {
    /** Applies the layer. Each subclass documents its shapes. */
    public abstract Tensor forward(Tensor x);

    /** Training mode; returns this layer, so {@code layer.train().forward(x)} reads as in PyTorch. */
    @Override
    public Layer train() {
        super.train();
        return this;
    }

    /** Evaluation mode; returns this layer, so {@code layer.eval().forward(x)} reads as in PyTorch. */
    @Override
    public Layer eval() {
        super.eval();
        return this;
    }
}

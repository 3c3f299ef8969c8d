package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * x &gt; 0 ? x : negativeSlope * x (Maas et al. 2013). PyTorch's default slope is 0.01. Shapes: x (*) -&gt; y (*),
 * the same shape.
 */
public final class LeakyReLU extends Layer {
    private final double negativeSlope;

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    public LeakyReLU() {
        this(0.01);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(negativeSlope);
    }

    @Override
    public String toString() {
        return "LeakyReLU(negativeSlope=" + negativeSlope + ")";
    }
}

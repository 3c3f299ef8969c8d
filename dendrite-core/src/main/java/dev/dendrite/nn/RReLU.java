package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Randomized leaky ReLU (Xu et al. 2015): in training each negative element gets its own slope drawn from U(lower,
 * upper); in evaluation the slope is the mean (lower + upper) / 2, as PyTorch. Shapes: x (*) -&gt; y (*), the same
 * shape.
 */
public final class RReLU extends Layer {
    private final double lower;
    private final double upper;
    private final Generator generator;

    public RReLU(double lower, double upper, Generator generator) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("RReLU: lower " + lower + " must not exceed upper " + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.generator = generator;
    }

    /** PyTorch's defaults: lower 1/8, upper 1/3. */
    public RReLU(Generator generator) {
        this(1.0 / 8, 1.0 / 3, generator);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining()) {
            return x.leakyRelu((lower + upper) / 2);
        }
        Tensor slope = Tensor.uniform(generator, lower, upper, x.dtype(), x.dims());
        return Tensor.where(x.ge(Tensor.zeros(x.dtype())), x, x.mul(slope));
    }

    @Override
    public String toString() {
        return "RReLU(lower=" + lower + ", upper=" + upper + ")";
    }
}

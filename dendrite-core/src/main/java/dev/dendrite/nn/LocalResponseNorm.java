package dev.dendrite.nn;

import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Local response normalisation across channels (AlexNet, Krizhevsky et al. 2012), as PyTorch: b_c = a_c / (k +
 * alpha / n * sum over the n channels centred on c of a^2)^beta, channels beyond the edges count as 0. Shapes: x
 * (B, C, H, W) -&gt; y, the same shape.
 */
public final class LocalResponseNorm extends Layer {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        if (size < 1) {
            throw new IllegalArgumentException("LocalResponseNorm: size must be >= 1, got " + size);
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    /** AlexNet's constants: n = 5, alpha = 1e-4, beta = 0.75, k = 2. */
    public LocalResponseNorm() {
        this(5, 1e-4, 0.75, 2);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(describe() + ": expected input (B, C, H, W), got " + x.shape());
        }
        int b = x.size(0);
        int c = x.size(1);
        int hw = x.size(2) * x.size(3);
        Tensor squares = x.mul(x).reshape(b, 1, c, hw);
        // Average over a window of `size` channels (zero padded; the padding counts, so this divides by size).
        Padding window = new Padding.Explicit(new int[] {size / 2, 0}, new int[] {(size - 1) / 2, 0});
        Tensor average = F.avgPool2d(squares, new int[] {size, 1}, new int[] {1, 1}, window, false);
        Tensor divisor = average.mul(alpha).add(k).pow(beta).reshape(x.dims());
        return x.div(divisor);
    }

    @Override
    public String toString() {
        return "LocalResponseNorm(size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k + ")";
    }
}

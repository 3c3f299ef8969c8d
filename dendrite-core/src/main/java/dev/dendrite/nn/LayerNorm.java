package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

/**
 * Layer normalisation over the last dims of each sample (Ba et al. 2016; the Transformer's Add &amp; Norm), as
 * PyTorch's nn.LayerNorm: learned {@code weight} (ones) and {@code bias} (zeros) of the normalised shape when
 * elementwise-affine, eps 1e-5 by default; the same in training and evaluation. Shapes: x (..., *normalizedShape)
 * -&gt; x's shape.
 */
public final class LayerNorm extends Layer {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || java.util.Arrays.stream(normalizedShape).anyMatch(n -> n < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: a non-empty shape of sizes >= 1 and eps > 0 required, got "
                    + java.util.Arrays.toString(normalizedShape) + ", " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(DType.FLOAT32, normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(DType.FLOAT32, normalizedShape)) : null;
    }

    /** Over the last dim of size {@code size}, eps 1e-5, with weight and bias. */
    public LayerNorm(int size) {
        this(new int[] {size}, 1e-5, true);
    }

    @Override
    public Tensor forward(Tensor x) {
        int dims = normalizedShape.length;
        if (x.rank() < dims || !java.util.Arrays.equals(java.util.Arrays.copyOfRange(x.dims(), x.rank() - dims,
                x.rank()), normalizedShape)) {
            throw new dev.dendrite.tensor.ShapeException(describe() + ": expected an input ending in "
                    + java.util.Arrays.toString(normalizedShape) + ", got " + x.shape());
        }
        return F.layerNorm(x, dims, weight, bias, eps);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + java.util.Arrays.toString(normalizedShape) + ", eps=" + eps
                + (weight == null ? ", no affine" : "") + ")";
    }
}

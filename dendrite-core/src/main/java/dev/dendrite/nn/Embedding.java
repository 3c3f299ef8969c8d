package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.DTypeException;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * A lookup table of learned vectors, one row per token id (seed 003's word vectors), as PyTorch's nn.Embedding:
 * initialised N(0, 1); the padding row (if any) starts at zero and receives no gradient; with maxNorm, rows looked
 * up are first rescaled in place to at most that L2 norm; with sparse, the weight's gradient is row-sparse, so a
 * step over a large table touches only the rows a batch used. Shapes: ids INT64 (*) -&gt; vectors (*, dim).
 */
public final class Embedding extends Layer {
    private final int count;
    private final int dim;
    private final int paddingIdx;
    private final double maxNorm;
    private final boolean sparse;
    private final Tensor weight;

    /**
     * @param paddingIdx the id whose vector stays zero and untrained, or -1 for none
     * @param maxNorm    the largest L2 norm a looked-up row may have, or 0 for no limit
     * @param sparse     whether the weight's gradient is row-sparse (only the rows looked up; for Sgd and Adam)
     */
    public Embedding(int count, int dim, int paddingIdx, double maxNorm, boolean sparse, Generator g) {
        if (paddingIdx < -1 || paddingIdx >= count) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " must be -1 or in [0, " + count + ")");
        }
        this.count = count;
        this.dim = dim;
        this.paddingIdx = paddingIdx;
        this.maxNorm = maxNorm;
        this.sparse = sparse;
        Tensor w = Tensor.randn(g, count, dim);
        if (paddingIdx >= 0) {
            w.narrow(0, paddingIdx, 1).zeroInPlace();
        }
        this.weight = registerParameter("weight", w);
    }

    /** A dense-gradient embedding. */
    public Embedding(int count, int dim, int paddingIdx, double maxNorm, Generator g) {
        this(count, dim, paddingIdx, maxNorm, false, g);
    }

    public Embedding(int count, int dim, Generator g) {
        this(count, dim, -1, 0, false, g);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor ids) {
        Tensor flat = checkedIds(ids);
        if (maxNorm > 0) {
            renormalise(flat);
        }
        return F.embedding(ids, weight, paddingIdx, sparse); // (*, dim)
    }

    /**
     * The whole table as {@link #forward} reads it for these ids (checked, and with maxNorm their rows rescaled):
     * (count, dim), the padding row without gradient. A layer that transforms every looked-up vector the
     * same way can transform the table once and look rows up afterwards (see Lstm's embedded forward).
     */
    public Tensor table(Tensor ids) {
        Tensor flat = checkedIds(ids);
        if (maxNorm > 0) {
            renormalise(flat);
        }
        if (paddingIdx < 0) {
            return weight;
        }
        double[] padding = new double[count];
        padding[paddingIdx] = 1;
        Tensor row = weight.detach().narrow(0, paddingIdx, 1); // the padding row as it is, without gradient
        return Tensor.where(Tensor.fromArray(padding, count, 1), row, weight);
    }

    /** The ids flattened, after checking their dtype and range. */
    private Tensor checkedIds(Tensor ids) {
        if (ids.dtype() != DType.INT64) {
            throw new DTypeException(describe() + ": ids must be INT64, got " + ids.dtype());
        }
        Tensor flat = ids.reshape(-1);
        double top = flat.numel() == 0 ? 0 : flat.max().item();
        double bottom = flat.numel() == 0 ? 0 : flat.min().item();
        if (bottom < 0 || top >= count) {
            throw new ShapeException(describe() + ": ids must be in [0, " + count + "), got values from " + (long) bottom
                    + " to " + (long) top);
        }
        return flat;
    }

    private void renormalise(Tensor flat) {
        try (var _ = Grad.disabled()) {
            for (long id : flat.toLongArray()) {
                Tensor row = weight.narrow(0, (int) id, 1);
                double norm = Math.sqrt(row.mul(row).sum().item());
                if (norm > maxNorm) {
                    row.mulInPlace(maxNorm / (norm + 1e-7));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Embedding(" + count + ", " + dim + (paddingIdx >= 0 ? ", paddingIdx=" + paddingIdx : "")
                + (maxNorm > 0 ? ", maxNorm=" + maxNorm : "") + (sparse ? ", sparse" : "") + ")";
    }
}

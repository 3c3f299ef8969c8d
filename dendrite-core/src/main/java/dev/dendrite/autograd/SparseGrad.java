package dev.dendrite.autograd;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * A row-sparse gradient of a (rows, dim) parameter, as PyTorch's sparse COO gradient of
 * {@code Embedding(sparse=True)}: {@code values[k]} belongs to row {@code indices[k]}; an index may repeat, and
 * repeated rows add up (uncoalesced). A batch that looks up a few thousand rows of a 100k x 300 table carries only
 * those rows. Shapes: indices (n), values (n, dim) of the parameter's dtype, contiguous.
 */
public final class SparseGrad {
    private final int rows;
    private final int[] indices;
    private final Tensor values;

    /** A gradient of a (rows, dim) parameter: row {@code indices[k]} gets {@code values[k]}. */
    public SparseGrad(int rows, int[] indices, Tensor values) {
        if (values.rank() != 2 || values.size(0) != indices.length) {
            throw new ShapeException("SparseGrad: values must be (" + indices.length + ", dim) for " + indices.length
                    + " indices, got " + values.shape());
        }
        for (int i : indices) {
            if (i < 0 || i >= rows) {
                throw new ShapeException("SparseGrad: index " + i + " is out of range for " + rows + " rows");
            }
        }
        this.rows = rows;
        this.indices = indices;
        this.values = values.contiguous();
    }

    /** The parameter's number of rows. */
    public int rows() {
        return rows;
    }

    /** The row of each value row (may repeat). */
    public int[] indices() {
        return indices.clone();
    }

    /** The gradient rows, (n, dim). */
    public Tensor values() {
        return values;
    }

    /** The width of a row. */
    public int dim() {
        return values.size(1);
    }

    /** This gradient plus {@code other} (of the same parameter): both lists of rows, concatenated. */
    public SparseGrad plus(SparseGrad other) {
        if (other.rows != rows || other.dim() != dim()) {
            throw new ShapeException("SparseGrad: cannot add a gradient of (" + other.rows + ", " + other.dim()
                    + ") rows to one of (" + rows + ", " + dim() + ")");
        }
        int[] joined = Arrays.copyOf(indices, indices.length + other.indices.length);
        System.arraycopy(other.indices, 0, joined, indices.length, other.indices.length);
        return new SparseGrad(rows, joined, Tensor.cat(java.util.List.of(values, other.values.to(values.dtype())), 0));
    }

    /** This gradient times {@code factor}. */
    public SparseGrad times(double factor) {
        return new SparseGrad(rows, indices, values.mul(factor));
    }

    /** Each row once, in increasing order, with its repeats summed (PyTorch's coalesce). */
    public SparseGrad coalesce() {
        long[] keyed = new long[indices.length]; // row in the high half, position in the low: one primitive sort
        for (int k = 0; k < indices.length; k++) {
            keyed[k] = (long) indices[k] << 32 | k;
        }
        Arrays.sort(keyed);
        int[] order = new int[keyed.length];
        for (int k = 0; k < keyed.length; k++) {
            order[k] = (int) keyed[k];
        }
        int unique = 0;
        for (int k = 0; k < order.length; k++) {
            unique += k == 0 || indices[order[k]] != indices[order[k - 1]] ? 1 : 0;
        }
        int d = dim();
        int[] outIndices = new int[unique];
        Tensor out = Tensor.zeros(values.dtype(), unique, d);
        int slot = -1;
        for (int k = 0; k < order.length; k++) {
            if (k == 0 || indices[order[k]] != indices[order[k - 1]]) {
                outIndices[++slot] = indices[order[k]];
            }
            addRow(values, order[k], out, slot, d);
        }
        return new SparseGrad(rows, outIndices, out);
    }

    /** The gradient as a dense (rows, dim) tensor: what {@link Tensor#grad()} materialises. */
    public Tensor toDense() {
        Tensor dense = Tensor.zeros(values.dtype(), rows, dim());
        addTo(dense);
        return dense;
    }

    /** Adds every row into the contiguous (rows, dim) tensor {@code dense} in place. */
    public void addTo(Tensor dense) {
        if (!dense.isContiguous() || dense.rank() != 2 || dense.size(0) != rows || dense.size(1) != dim()) {
            throw new ShapeException("SparseGrad.addTo: needs a contiguous (" + rows + ", " + dim() + ") tensor, got "
                    + dense.shape());
        }
        for (int k = 0; k < indices.length; k++) {
            addRow(values, k, dense, indices[k], dim());
        }
        dense.storage().bumpVersion();
    }

    /** The sum of squares of the summed rows: this gradient's squared 2-norm. */
    public double squaredNorm() {
        Tensor v = coalesce().values;
        return v.mul(v).sum().item();
    }

    private static void addRow(Tensor from, int fromRow, Tensor to, int toRow, int d) {
        int src = from.offset() + fromRow * d;
        int dst = to.offset() + toRow * d;
        if (from.dtype() == DType.FLOAT32) {
            float[] a = ((Storage.F32) from.storage()).data;
            float[] b = ((Storage.F32) to.storage()).data;
            for (int j = 0; j < d; j++) {
                b[dst + j] += a[src + j];
            }
        } else {
            double[] a = ((Storage.F64) from.storage()).data;
            double[] b = ((Storage.F64) to.storage()).data;
            for (int j = 0; j < d; j++) {
                b[dst + j] += a[src + j];
            }
        }
    }

    @Override
    public String toString() {
        return "SparseGrad(" + indices.length + " of " + rows + " rows, dim " + dim() + ")";
    }
}

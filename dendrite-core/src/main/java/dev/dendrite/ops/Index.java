package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.autograd.SparseGrad;
import dev.dendrite.kernels.BinaryKind;
import dev.dendrite.kernels.FastBinary;
import dev.dendrite.kernels.ReferenceBinary;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Index-driven ops: gather, scatterAdd, indexSelect, maskedFill, where and oneHot (1-of-N encoding). Index tensors
 * are INT64; every index is checked against the size it addresses.
 */
public final class Index {
    private Index() {}

    /** out[i][j] = x[index[i][j]][j] for dim 0 (and likewise for other dims). Shapes: index -> out of index's shape. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = checkScatterShapes("gather", x, dim, index, null);
        Tensor xc = Convert.dense(x);
        Tensor ic = Convert.dense(index);
        Tensor out = Tensor.empty(x.dtype(), index.dims());
        int[] xs = xc.strides();
        forEachIndex(ic, d, x.size(d), "gather", (pos, target, coords) -> {
            int src = xc.offset();
            for (int k = 0; k < coords.length; k++) {
                src += (k == d ? target : coords[k]) * xs[k];
            }
            out.storage().set(pos, xc.storage().get(src));
        });
        int[] inDims = x.dims();
        SavedTensor si = new SavedTensor("gather", index);
        return Autograd.record("gather", out, new Tensor[] {x}, new SavedTensor[] {si},
                g -> new Tensor[] {Tensor.zeros(g.dtype(), inDims).scatterAdd(d, si.get(), g)});
    }

    /** A copy of x with src[i][j] added at [index[i][j]][j] for dim 0 (and likewise for other dims). */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = checkScatterShapes("scatterAdd", x, dim, index, src);
        Checks.sameDType("scatterAdd", x, src);
        Tensor out = Convert.copy(x.detach());
        Tensor sc = Convert.dense(src);
        int[] srcStrides = sc.strides();
        int[] os = out.strides();
        forEachIndex(Convert.dense(index), d, x.size(d), "scatterAdd", (pos, target, coords) -> {
            int at = 0;
            int from = sc.offset();
            for (int k = 0; k < coords.length; k++) {
                at += (k == d ? target : coords[k]) * os[k];
                from += coords[k] * srcStrides[k];
            }
            out.storage().set(at, out.storage().get(at) + sc.storage().get(from));
        });
        SavedTensor si = new SavedTensor("scatterAdd", index);
        return Autograd.record("scatterAdd", out, new Tensor[] {x, src}, new SavedTensor[] {si},
                g -> new Tensor[] {g, g.gather(d, si.get())});
    }

    /** Rows (along dim) picked by a 1-d INT64 index. Shapes: x (..., n, ...) , index (k) -> (..., k, ...). */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        Checks.int64("indexSelect", "index", index);
        if (index.rank() != 1) {
            throw new ShapeException("indexSelect: index must be 1-d, got shape " + index.shape());
        }
        int d = x.shape().normalizeDim(dim, "indexSelect");
        long[] idx = index.toLongArray();
        int size = x.size(d);
        for (long i : idx) {
            if (i < 0 || i >= size) {
                throw new ShapeException("indexSelect: index " + i + " is out of range for dim " + d + " of size " + size
                        + " (shape " + x.shape() + ")");
            }
        }
        Tensor xc = Convert.dense(x);
        int[] dims = x.dims();
        dims[d] = idx.length;
        Tensor out = Tensor.empty(x.dtype(), dims);
        int inner = 1;
        for (int k = d + 1; k < x.rank(); k++) inner *= x.size(k);
        int outer = x.numel() / Math.max(1, size * inner);
        if (size * inner == 0) {
            outer = 1;
            for (int k = 0; k < d; k++) outer *= x.size(k);
        }
        Object src = xc.storage().array();
        Object dst = out.storage().array();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < idx.length; j++) {
                System.arraycopy(src, xc.offset() + (o * size + (int) idx[j]) * inner, dst, (o * idx.length + j) * inner, inner);
            }
        }
        int[] inDims = x.dims();
        int outerF = outer;
        int innerF = inner;
        return Autograd.record("indexSelect", out, new Tensor[] {x}, g -> {
            Tensor gc = g.contiguous();
            Tensor grad = Tensor.zeros(g.dtype(), inDims);
            // Each selected row of the gradient is added to its source row, rows in index order (repeats add up).
            for (int o = 0; o < outerF; o++) {
                for (int j = 0; j < idx.length; j++) {
                    addRun(gc, gc.offset() + (o * idx.length + j) * innerF, grad, (o * size + (int) idx[j]) * innerF,
                            innerF);
                }
            }
            return new Tensor[] {grad};
        });
    }

    /**
     * The rows of a (count, dim) table for INT64 ids of any shape (PyTorch's F.embedding): row {@code paddingIdx}
     * (if not -1) gets no gradient (it reads as it is, zero when the table was made with that padding row). With {@code sparse} and a leaf table, the table's gradient is
     * row-sparse ({@link SparseGrad}: only the rows looked up), as Embedding(sparse=True); otherwise dense.
     * Shapes: weight (count, dim), ids (*) -> (*, dim).
     */
    public static Tensor embedding(Tensor weight, Tensor ids, int paddingIdx, boolean sparse) {
        Checks.int64("embedding", "ids", ids);
        if (weight.rank() != 2) {
            throw new ShapeException("embedding: the table must be (count, dim), got shape " + weight.shape());
        }
        int count = weight.size(0);
        int dim = weight.size(1);
        long[] flat = ids.contiguous().toLongArray();
        int[] rows = new int[flat.length];
        for (int k = 0; k < flat.length; k++) {
            if (flat[k] < 0 || flat[k] >= count) {
                throw new ShapeException("embedding: id " + flat[k] + " is out of range for a table of " + count
                        + " rows (ids must be in [0, " + count + "))");
            }
            rows[k] = (int) flat[k];
        }
        Tensor table = Convert.dense(weight);
        int[] dims = java.util.Arrays.copyOf(ids.dims(), ids.rank() + 1);
        dims[ids.rank()] = dim;
        Tensor out = Tensor.empty(weight.dtype(), dims);
        Object src = table.storage().array();
        Object dst = out.storage().array();
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(src, table.offset() + rows[k] * dim, dst, k * dim, dim);
        }
        return Autograd.record("embedding", out, new Tensor[] {weight}, g -> {
            Tensor values = g.reshape(rows.length, dim).contiguous();
            if (paddingIdx >= 0) {
                values = values.clone(); // its padding rows are zeroed below
                for (int k = 0; k < rows.length; k++) {
                    if (rows[k] == paddingIdx) {
                        values.narrow(0, k, 1).zeroInPlace();
                    }
                }
            }
            SparseGrad rowGrad = new SparseGrad(count, rows, values);
            if (sparse && weight.isLeaf()) {
                Autograd.accumulateSparse(weight, rowGrad);
                return new Tensor[] {null};
            }
            return new Tensor[] {Autograd.handOver(rowGrad.toDense())};
        });
    }

    /**
     * Adds {@code n} elements of {@code from}'s storage at {@code fromAt} into the contiguous floating tensor
     * {@code into} at {@code intoAt} (of the same dtype): the accumulation of gradients scattered back by rows.
     */
    static void addRun(Tensor from, int fromAt, Tensor into, int intoAt, int n) {
        switch (from.storage()) {
            case Storage.F32 s -> {
                float[] acc = ((Storage.F32) into.storage()).data;
                FastBinary.apply(BinaryKind.ADD, acc, intoAt, 1, s.data, fromAt, 1, acc, intoAt, n);
            }
            case Storage.F64 s -> {
                double[] acc = ((Storage.F64) into.storage()).data;
                ReferenceBinary.apply(BinaryKind.ADD, acc, intoAt, 1, s.data, fromAt, 1, acc, intoAt, n);
            }
            case Storage.I64 s -> throw new IllegalStateException("addRun: integer values");
        }
    }

    /** value where mask is non-zero, x elsewhere; mask must broadcast to x's shape. */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (!Shape.broadcast("maskedFill", x.shape(), mask.shape()).equals(x.shape())) {
            throw new ShapeException("maskedFill: mask of shape " + mask.shape() + " cannot be broadcast to the input's "
                    + x.shape());
        }
        return where(mask, Tensor.full(value, x.dtype()), x);
    }

    /**
     * One triangle of the last two dims: elements (i, j) with j - i &gt;= diagonal (upper) or &lt;= diagonal (lower)
     * kept, the others 0; the gradient flows to the kept elements only. Shapes: x (..., R, C) -&gt; the same.
     */
    public static Tensor triangle(Tensor x, int diagonal, boolean upper) {
        if (x.rank() < 2) {
            throw new ShapeException((upper ? "triu" : "tril") + ": expected at least 2 dims, got " + x.shape());
        }
        int rows = x.size(-2);
        int cols = x.size(-1);
        long[] keep = new long[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                keep[i * cols + j] = (upper ? j - i >= diagonal : j - i <= diagonal) ? 1 : 0;
            }
        }
        return where(Tensor.fromArray(keep, rows, cols), x, Tensor.zeros(x.dtype()));
    }

    /** a where cond is non-zero, b elsewhere; all three broadcast together, a and b share a dtype. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Checks.sameDType("where", a, b);
        Shape shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        int[] dims = shape.toArray();
        Tensor c = Convert.dense(cond.detach().to(a.dtype() == DType.INT64 ? DType.FLOAT64 : a.dtype()).expand(dims));
        Tensor ac = Convert.dense(a.detach().expand(dims));
        Tensor bc = Convert.dense(b.detach().expand(dims));
        Tensor out = Tensor.empty(a.dtype(), dims);
        int n = shape.numel();
        switch (out.storage()) {
            case Storage.F32 o -> FastBinary.where(((Storage.F32) c.storage()).data, c.offset(),
                    ((Storage.F32) ac.storage()).data, ac.offset(), ((Storage.F32) bc.storage()).data, bc.offset(), o.data, 0, n);
            case Storage.F64 o -> ReferenceBinary.where(((Storage.F64) c.storage()).data, c.offset(),
                    ((Storage.F64) ac.storage()).data, ac.offset(), ((Storage.F64) bc.storage()).data, bc.offset(), o.data, 0, n);
            case Storage.I64 o -> {
                for (int i = 0; i < n; i++) {
                    o.data[i] = c.storage().get(c.offset() + i) != 0 ? (long) ac.storage().get(ac.offset() + i)
                            : (long) bc.storage().get(bc.offset() + i);
                }
            }
        }
        if (!a.dtype().isFloating()) {
            return out;
        }
        SavedTensor sc = new SavedTensor("where", c);
        return Autograd.record("where", out, new Tensor[] {a, b}, new SavedTensor[] {sc}, g -> {
            Tensor zero = Tensor.zeros(g.dtype());
            Tensor cv = sc.get();
            return new Tensor[] {where(cv, g, zero), where(cv, zero, g)};
        });
    }

    /** 1-of-N encoding. Shapes: index (...) INT64 with values in [0, numClasses) -> (..., numClasses) INT64. */
    public static Tensor oneHot(Tensor index, int numClasses) {
        Checks.int64("oneHot", "index", index);
        if (numClasses <= 0) {
            throw new ShapeException("oneHot: numClasses must be positive, got " + numClasses);
        }
        long[] idx = index.toLongArray();
        int[] dims = java.util.Arrays.copyOf(index.dims(), index.rank() + 1);
        dims[index.rank()] = numClasses;
        Tensor out = Tensor.zeros(DType.INT64, dims);
        long[] data = ((Storage.I64) out.storage()).data;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= numClasses) {
                throw new ShapeException("oneHot: class index " + idx[i] + " at position " + i + " is outside [0, "
                        + numClasses + ")");
            }
            data[i * numClasses + (int) idx[i]] = 1;
        }
        return out;
    }

    private interface IndexVisitor {
        void visit(int position, int target, int[] coords);
    }

    private static int checkScatterShapes(String op, Tensor x, int dim, Tensor index, Tensor src) {
        Checks.int64(op, "index", index);
        int d = x.shape().normalizeDim(dim, op);
        if (index.rank() != x.rank()) {
            throw new ShapeException(op + ": index must have the same number of dims as the input: index " + index.shape()
                    + ", input " + x.shape());
        }
        for (int k = 0; k < x.rank(); k++) {
            if (k != d && index.size(k) > x.size(k)) {
                throw new ShapeException(op + ": index " + index.shape() + " is larger than input " + x.shape()
                        + " in dim " + k + " (only dim " + d + " may differ)");
            }
            if (src != null && index.size(k) > src.size(k)) {
                throw new ShapeException(op + ": index " + index.shape() + " is larger than src " + src.shape()
                        + " in dim " + k);
            }
        }
        if (src != null && src.rank() != x.rank()) {
            throw new ShapeException(op + ": src " + src.shape() + " must have as many dims as the input " + x.shape());
        }
        return d;
    }

    /** Visits every element of a contiguous INT64 index, checking each value against {@code size}. */
    private static void forEachIndex(Tensor index, int dim, int size, String op, IndexVisitor visitor) {
        int[] dims = index.dims();
        int[] coords = new int[dims.length];
        long[] data = ((Storage.I64) index.storage()).data;
        int n = index.numel();
        for (int pos = 0; pos < n; pos++) {
            long target = data[index.offset() + pos];
            if (target < 0 || target >= size) {
                throw new ShapeException(op + ": index " + target + " is out of range for dim " + dim + " of size " + size);
            }
            visitor.visit(pos, (int) target, coords);
            for (int k = dims.length - 1; k >= 0; k--) {
                if (++coords[k] < dims[k]) {
                    break;
                }
                coords[k] = 0;
            }
        }
    }
}

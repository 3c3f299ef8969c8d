// Runs elementwise kernels on tensors: picks the fast float kernel for FLOAT32 and the reference double kernel
// for FLOAT64, and walks broadcast operands through their strides (equal shapes and scalars become one run).
package dev.dendrite.ops;

import dev.dendrite.kernels.BinaryKind;
import dev.dendrite.kernels.FastBinary;
import dev.dendrite.kernels.FastUnary;
import dev.dendrite.kernels.ReferenceBinary;
import dev.dendrite.kernels.ReferenceUnary;
import dev.dendrite.kernels.UnaryKind;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

final class Elementwise {
    private Elementwise() {}

    /** f(x) with no graph. INT64 input runs through double (exact below 2^53) and comes back as INT64. */
    static Tensor unary(UnaryKind kind, Tensor x, double p, double q) {
        if (x.dtype() == DType.INT64) {
            return unary(kind, x.to(DType.FLOAT64), p, q).to(DType.INT64);
        }
        Tensor c = Convert.dense(x);
        Tensor out = Tensor.empty(x.dtype(), x.dims());
        switch (c.storage()) {
            case Storage.F32 s -> FastUnary.apply(kind, (float) p, (float) q, s.data, c.offset(),
                    ((Storage.F32) out.storage()).data, 0, x.numel());
            case Storage.F64 s -> ReferenceUnary.apply(kind, p, q, s.data, c.offset(),
                    ((Storage.F64) out.storage()).data, 0, x.numel());
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
        return out;
    }

    /** f(a, b) with broadcasting and no graph; both operands share one dtype. */
    static Tensor binary(String op, BinaryKind kind, Tensor a, Tensor b) {
        Checks.sameDType(op, a, b);
        if (a.dtype() == DType.INT64) {
            return binary(op, kind, a.to(DType.FLOAT64), b.to(DType.FLOAT64)).to(DType.INT64);
        }
        Shape shape = Shape.broadcast(op, a.shape(), b.shape());
        Tensor out = Tensor.empty(a.dtype(), shape.toArray());
        int n = shape.numel();
        if (n == 0) {
            return out;
        }
        strided(kind, a.detach().expand(shape.toArray()), b.detach().expand(shape.toArray()), out);
        return out;
    }

    /**
     * Broadcasting: walks both (expanded, possibly zero-stride) operands without materialising them.
     * Adjacent dims that both operands traverse as one run are merged, then each innermost row runs through the
     * kernel with steps 0 or 1; an operand whose innermost stride is anything else is made contiguous first.
     */
    private static void strided(BinaryKind kind, Tensor a, Tensor b, Tensor out) {
        if (out.rank() == 0) {
            run(kind, a, a.offset(), 0, b, b.offset(), 0, out, 0, 1);
            return;
        }
        if (!unitOrZero(a)) {
            a = Convert.dense(a);
        }
        if (!unitOrZero(b)) {
            b = Convert.dense(b);
        }
        int[] dims = out.dims();
        int[] as = a.strides();
        int[] bs = b.strides();
        // Merge dim d into d + 1 where both operands step through them as one run.
        int rank = dims.length;
        int[] md = new int[rank];
        int[] ma = new int[rank];
        int[] mb = new int[rank];
        int m = 0;
        for (int d = 0; d < rank; d++) {
            if (m > 0 && ma[m - 1] == as[d] * dims[d] && mb[m - 1] == bs[d] * dims[d]) {
                md[m - 1] *= dims[d];
                ma[m - 1] = as[d];
                mb[m - 1] = bs[d];
            } else {
                md[m] = dims[d];
                ma[m] = as[d];
                mb[m] = bs[d];
                m++;
            }
        }
        int inner = md[m - 1];
        int sa = ma[m - 1];
        int sb = mb[m - 1];
        int rows = out.numel() / inner;
        int[] index = new int[m];
        int ao = a.offset();
        int bo = b.offset();
        for (int r = 0; r < rows; r++) {
            run(kind, a, ao, sa, b, bo, sb, out, r * inner, inner);
            for (int d = m - 2; d >= 0; d--) {
                index[d]++;
                ao += ma[d];
                bo += mb[d];
                if (index[d] < md[d]) {
                    break;
                }
                ao -= ma[d] * md[d];
                bo -= mb[d] * md[d];
                index[d] = 0;
            }
        }
    }

    private static boolean unitOrZero(Tensor t) {
        int last = t.rank() == 0 ? 1 : t.strides()[t.rank() - 1];
        return last == 0 || last == 1 || (t.rank() > 0 && t.size(-1) == 1);
    }

    private static void run(BinaryKind kind, Tensor a, int ao, int as, Tensor b, int bo, int bs, Tensor out, int oo, int n) {
        if (a.storage() instanceof Storage.F32 x) {
            FastBinary.apply(kind, x.data, ao, as, ((Storage.F32) b.storage()).data, bo, bs,
                    ((Storage.F32) out.storage()).data, oo, n);
        } else {
            ReferenceBinary.apply(kind, ((Storage.F64) a.storage()).data, ao, as, ((Storage.F64) b.storage()).data, bo,
                    bs, ((Storage.F64) out.storage()).data, oo, n);
        }
    }
}

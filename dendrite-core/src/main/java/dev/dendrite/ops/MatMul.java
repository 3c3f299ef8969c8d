package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.FastGemm;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.ReferenceGemm;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Matrix products with torch.matmul's rules: 1-d x 1-d is a dot product, a 1-d operand gains a dim that is removed
 * again, and leading (batch) dims broadcast. FLOAT32 runs the packed Vector API GEMM, FLOAT64 the reference GEMM.
 * Transposed operands are read through their strides, never copied.
 */
public final class MatMul {
    private MatMul() {}

    /**
     * Matrix product. Shapes: (K) x (K) -> (); (M, K) x (K, N) -> (M, N); (..., M, K) x (..., K, N) -> (..., M, N)
     * with the leading dims broadcast; a 1-d left operand acts as (1, K), a 1-d right operand as (K, 1).
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        Checks.sameDType("matmul", a, b);
        Checks.floating("matmul", a);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeException("matmul: both operands need at least 1 dim, got " + a.shape() + " and " + b.shape()
                    + "; use mul() for scalars");
        }
        Tensor a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
        int m = a2.size(-2);
        int k = a2.size(-1);
        int kb = b2.size(-2);
        int n = b2.size(-1);
        if (k != kb) {
            throw new ShapeException("matmul: cannot multiply " + a.shape() + " by " + b.shape() + ": inner dimensions "
                    + k + " and " + kb + " differ");
        }
        if (b.rank() == 2 && a.rank() > 2) {
            // One (batch * M, K) x (K, N) GEMM each way instead of a batch of small ones against a broadcast
            // right operand, whose gradient would then be summed over the batch.
            int[] outDims = a.dims();
            outDims[a.rank() - 1] = n;
            return matmul(a.reshape(-1, k), b).reshape(outDims);
        }
        Shape batchA = Shape.of(Arrays.copyOf(a2.dims(), a2.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b2.dims(), b2.rank() - 2));
        int[] batch = Shape.broadcast("matmul", batchA, batchB).toArray();
        Tensor out = batched(a2.expand(concat(batch, m, k)), b2.expand(concat(batch, k, n)));
        if (a.rank() == 1) {
            out = out.squeeze(-2);
        }
        if (b.rank() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    /**
     * y = x W^T + b, as PyTorch's F.linear, as one fused op. The weight gradient is g^T x (out, in) when
     * out &lt;= in, else (x^T g)^T: the GEMM then writes the wider (in, out) rows, which runs faster, and one transposed
     * copy lays it out as W. Shapes: x (..., in), weight (out, in), bias (out) or null -> (..., out).
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || x.rank() == 0 || x.size(-1) != weight.size(1)) {
            throw new ShapeException("linear: input " + x.shape() + " does not fit weight " + weight.shape()
                    + ": expected input (..., " + (weight.rank() == 2 ? weight.size(1) : "in") + ") for weight (out, in)");
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != weight.size(0))) {
            throw new ShapeException("linear: bias " + bias.shape() + " does not fit weight " + weight.shape()
                    + ": expected (" + weight.size(0) + ")");
        }
        Checks.sameDType("linear", x, weight);
        Checks.floating("linear", x);
        int[] outDims = x.dims();
        outDims[outDims.length - 1] = weight.size(0);
        Tensor x2 = x.reshape(-1, weight.size(1)); // (N, in)
        if (bias != null) {
            Checks.sameDType("linear", x, bias);
        }
        Tensor y = bias == null ? product(x2, weight.t()) : biasedProduct(x2, weight.t(), bias); // (N, out)
        SavedTensor sx = new SavedTensor("linear", x2);
        SavedTensor sw = new SavedTensor("linear", weight);
        Tensor[] inputs = bias == null ? new Tensor[] {x2, weight} : new Tensor[] {x2, weight, bias};
        y = Autograd.record("linear", y, inputs, new SavedTensor[] {sx, sw}, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = x2.requiresGrad() ? product(g, sw.get()) : null; // (N, out) x (out, in)
            if (weight.requiresGrad()) {
                grads[1] = weight.size(0) <= weight.size(1) ? product(g.t(), sx.get()) // (out, N) x (N, in)
                        : product(sx.get().t(), g).t().contiguous(); // ((in, N) x (N, out))^T
            }
            if (bias != null && bias.requiresGrad()) {
                grads[2] = g.sum(0);
            }
            for (Tensor grad : grads) {
                Autograd.handOver(grad); // each one new, returned once
            }
            return grads;
        });
        return y.reshape(outDims);
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = r;
        out[batch.length + 1] = c;
        return out;
    }

    /** (batch..., M, K) x (batch..., K, N) with identical batch dims (possibly zero-stride views). */
    private static Tensor batched(Tensor a, Tensor b) {
        Tensor out = product(a, b);
        SavedTensor sa = new SavedTensor("matmul", a);
        SavedTensor sb = new SavedTensor("matmul", b);
        return Autograd.record("matmul", out, new Tensor[] {a, b}, new SavedTensor[] {sa, sb}, g -> new Tensor[] {
                a.requiresGrad() ? product(g, sb.get().transpose(-1, -2)) : null,
                b.requiresGrad() ? product(sa.get().transpose(-1, -2), g) : null});
    }

    /**
     * bias + a b for a (N, K), b (K, out) with no graph: C starts as the bias in every row and the GEMM adds to it,
     * one pass over the output instead of a product and a separate broadcast add.
     */
    private static Tensor biasedProduct(Tensor a, Tensor b, Tensor bias) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        Tensor out = Tensor.empty(a.dtype(), m, n);
        Tensor bd = Convert.dense(bias);
        Object src = bd.storage() instanceof Storage.F32 f ? f.data : ((Storage.F64) bd.storage()).data;
        Object dst = out.storage() instanceof Storage.F32 f ? f.data : ((Storage.F64) out.storage()).data;
        for (int i = 0; i < m; i++) {
            System.arraycopy(src, bd.offset(), dst, i * n, n);
        }
        int[] as = a.strides();
        int[] bs = b.strides();
        if (dst instanceof float[] c) {
            FastGemm.gemm(m, n, k, ((Storage.F32) a.storage()).data, a.offset(), as[0], as[1],
                    ((Storage.F32) b.storage()).data, b.offset(), bs[0], bs[1], c, 0, n, true);
        } else {
            ReferenceGemm.gemm(m, n, k, ((Storage.F64) a.storage()).data, a.offset(), as[0], as[1],
                    ((Storage.F64) b.storage()).data, b.offset(), bs[0], bs[1], (double[]) dst, 0, n, true);
        }
        return out;
    }

    /** The product with no graph. */
    private static Tensor product(Tensor a, Tensor b) {
        int r = a.rank();
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        int[] dims = a.dims();
        dims[r - 1] = n;
        Tensor out = Tensor.empty(a.dtype(), dims);
        int batches = out.numel() / Math.max(m * n, 1);
        if (m * n == 0) {
            return out;
        }
        int[] as = a.strides();
        int[] bs = b.strides();
        int[] batchDims = Arrays.copyOf(dims, r - 2);
        Parallel.Range body = (from, to) -> {
            for (int bi = from; bi < to; bi++) {
                int ao = a.offset();
                int bo = b.offset();
                int rest = bi;
                for (int d = batchDims.length - 1; d >= 0; d--) {
                    int idx = rest % batchDims[d];
                    rest /= batchDims[d];
                    ao += idx * as[d];
                    bo += idx * bs[d];
                }
                gemm(m, n, k, a, ao, as[r - 2], as[r - 1], b, bo, bs[r - 2], bs[r - 1], out, bi * m * n);
            }
        };
        long work = (long) m * n * k;
        if (batches > 1 && work < (1 << 18)) {
            Parallel.range(batches, (int) Math.max(1, (1 << 16) / Math.max(work, 1)), body);
        } else {
            body.run(0, batches);
        }
        return out;
    }

    private static void gemm(int m, int n, int k, Tensor a, int ao, int ars, int acs, Tensor b, int bo, int brs, int bcs,
                             Tensor out, int oo) {
        if (a.storage() instanceof Storage.F32 sa) {
            FastGemm.gemm(m, n, k, sa.data, ao, ars, acs, ((Storage.F32) b.storage()).data, bo, brs, bcs,
                    ((Storage.F32) out.storage()).data, oo, n, false);
        } else {
            ReferenceGemm.gemm(m, n, k, ((Storage.F64) a.storage()).data, ao, ars, acs, ((Storage.F64) b.storage()).data,
                    bo, brs, bcs, ((Storage.F64) out.storage()).data, oo, n, false);
        }
    }
}

package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.FastReduce;
import dev.dendrite.kernels.ReduceKind;
import dev.dendrite.kernels.ReferenceReduce;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Reductions over any set of dims with keepdim: sum, mean, max, min (gradient shared among ties), argmax, argmin,
 * var, std (with Bessel's correction by default) and a stable logsumexp. The kernels see the input as (outer, R,
 * inner) with the reduced dims as one contiguous middle block, permuting first when they are not.
 */
public final class Reduce {
    private Reduce() {}

    /** Sorted, normalised, duplicate-free reduced dims; null means all dims. */
    static boolean[] reducedMask(String op, Tensor x, int[] dims) {
        boolean[] mask = new boolean[x.rank()];
        if (dims == null) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int n = x.shape().normalizeDim(d, op);
            if (mask[n]) {
                throw new ShapeException(op + ": dim " + n + " appears more than once in " + Arrays.toString(dims));
            }
            mask[n] = true;
        }
        return mask;
    }

    static int[] outputDims(Tensor x, boolean[] mask, boolean keepdim) {
        return Arrays.stream(range(x.rank())).filter(d -> keepdim || !mask[d]).map(d -> mask[d] ? 1 : x.size(d)).toArray();
    }

    /** How many elements each output of the reduction combines. */
    private static int reducedCount(Tensor x, boolean[] mask) {
        int count = 1;
        for (int d = 0; d < x.rank(); d++) {
            if (mask[d]) {
                count *= x.size(d);
            }
        }
        return count;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Runs a reduction kernel without recording a graph. */
    static Tensor kernel(String op, ReduceKind kind, Tensor x, boolean[] mask, boolean keepdim) {
        if (x.dtype() == DType.INT64) {
            return kernel(op, kind, x.to(DType.FLOAT64), mask, keepdim).to(DType.INT64);
        }
        int r = reducedCount(x, mask);
        if (r == 0 && kind != ReduceKind.SUM) {
            throw new ShapeException(op + ": cannot reduce over an empty dim (input shape " + x.shape()
                    + "); the operation has no identity");
        }
        int first = -1;
        int last = -1;
        for (int d = 0; d < x.rank(); d++) {
            if (mask[d]) {
                if (first < 0) first = d;
                last = d;
            }
        }
        boolean block = true;
        for (int d = first; d >= 0 && d <= last; d++) {
            block &= mask[d];
        }
        if (!block && kind == ReduceKind.SUM && x.isContiguous() && r > 0 && splitsAroundAKeptBlock(mask)) {
            // A bias gradient's shape, e.g. (B, C, H, W) summed over (0, 2, 3): sum the trailing reduced dims (rows
            // of a contiguous matrix), then the leading ones, instead of copying a permuted x.
            boolean[] trailing = mask.clone();
            for (int d = 0; d < x.rank() && mask[d]; d++) trailing[d] = false;
            Tensor partial = kernel(op, kind, x, trailing, true);
            boolean[] leading = new boolean[x.rank()];
            for (int d = 0; d < x.rank(); d++) leading[d] = mask[d] && !trailing[d];
            Tensor summed = kernel(op, kind, partial, leading, true);
            return keepdim ? summed : summed.reshape(outputDims(x, mask, false));
        }
        Tensor src;
        int outer = 1;
        int inner = 1;
        if (block) {
            src = Convert.dense(x);
            for (int d = 0; d < Math.max(first, 0); d++) outer *= x.size(d);
            for (int d = last + 1; d < x.rank() && first >= 0; d++) inner *= x.size(d);
            if (first < 0) {
                outer = x.numel();
            }
        } else {
            int[] perm = new int[x.rank()];
            int j = 0;
            for (int d = 0; d < x.rank(); d++) if (!mask[d]) perm[j++] = d;
            for (int d = 0; d < x.rank(); d++) if (mask[d]) perm[j++] = d;
            src = Convert.dense(Views.permute(x.detach(), perm));
            outer = x.numel() / Math.max(r, 1);
            if (r == 0) {
                outer = 1;
                for (int d = 0; d < x.rank(); d++) if (!mask[d]) outer *= x.size(d);
            }
        }
        Tensor out = Tensor.empty(x.dtype(), outputDims(x, mask, keepdim));
        if (src.storage() instanceof Storage.F32 s) {
            FastReduce.apply(kind, s.data, src.offset(), outer, r, inner, ((Storage.F32) out.storage()).data);
        } else {
            ReferenceReduce.apply(kind, ((Storage.F64) src.storage()).data, src.offset(), outer, r, inner,
                    ((Storage.F64) out.storage()).data);
        }
        return out;
    }

    /** True for reduced dims that are a leading run and a trailing run around kept ones: (r..r k..k r..r). */
    private static boolean splitsAroundAKeptBlock(boolean[] mask) {
        int d = 0;
        while (d < mask.length && mask[d]) d++;
        if (d == 0) return false;
        int kept = d;
        while (d < mask.length && !mask[d]) d++;
        if (d == kept || d == mask.length) return false;
        while (d < mask.length && mask[d]) d++;
        return d == mask.length;
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask("sum", x, dims);
        Tensor out = kernel("sum", ReduceKind.SUM, x, mask, keepdim);
        int[] keptDims = outputDims(x, mask, true);
        int[] inDims = x.dims();
        return Autograd.record("sum", out, new Tensor[] {x}, g -> new Tensor[] {g.reshape(keptDims).expand(inDims)});
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        Checks.floating("mean", x);
        boolean[] mask = reducedMask("mean", x, dims);
        int count = reducedCount(x, mask);
        return sum(x, dims, keepdim).div(count);
    }

    public static Tensor max(Tensor x, int[] dims, boolean keepdim) {
        return extreme("max", ReduceKind.MAX, x, dims, keepdim);
    }

    public static Tensor min(Tensor x, int[] dims, boolean keepdim) {
        return extreme("min", ReduceKind.MIN, x, dims, keepdim);
    }

    private static Tensor extreme(String op, ReduceKind kind, Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask(op, x, dims);
        Tensor out = kernel(op, kind, x, mask, keepdim);
        int[] keptDims = outputDims(x, mask, true);
        SavedTensor sx = new SavedTensor(op, x);
        SavedTensor sy = new SavedTensor(op, out);
        return Autograd.record(op, out, new Tensor[] {x}, new SavedTensor[] {sx, sy}, g -> {
            Tensor hit = sx.get().eq(sy.get().reshape(keptDims));
            Tensor count = hit.sum(reducedDims(mask), true);
            return new Tensor[] {hit.mul(g.reshape(keptDims).div(count))};
        });
    }

    private static int[] reducedDims(boolean[] mask) {
        return Arrays.stream(range(mask.length)).filter(d -> mask[d]).toArray();
    }

    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) {
        return argExtreme("argmax", ReduceKind.ARGMAX, x, dim, keepdim);
    }

    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) {
        return argExtreme("argmin", ReduceKind.ARGMIN, x, dim, keepdim);
    }

    private static Tensor argExtreme(String op, ReduceKind kind, Tensor x, Integer dim, boolean keepdim) {
        if (dim == null) {
            Tensor flat = x.reshape(-1);
            Tensor idx = kernel(op, kind, flat.detach(), new boolean[] {true}, false).to(DType.INT64);
            return keepdim ? idx.reshape(outputDims(x, reducedMask(op, x, null), true)) : idx;
        }
        boolean[] mask = reducedMask(op, x, new int[] {dim});
        return kernel(op, kind, x.detach(), mask, keepdim).to(DType.INT64);
    }

    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        Checks.floating("var", x);
        boolean[] mask = reducedMask("var", x, dims);
        int count = reducedCount(x, mask);
        int[] all = reducedDims(mask);
        Tensor centered = x.sub(mean(x, all, true));
        return sum(centered.mul(centered), all, keepdim).div(Math.max(count - correction, 0));
    }

    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
        return var(x, dims, correction, keepdim).sqrt();
    }

    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Checks.floating("logsumexp", x);
        boolean[] mask = reducedMask("logsumexp", x, dims);
        int[] all = reducedDims(mask);
        Tensor m = max(x.detach(), all, true);
        Tensor finite = m.abs().lt(Double.POSITIVE_INFINITY);
        m = Index.where(finite, m, Tensor.zeros(m.dtype()));
        Tensor out = sum(x.sub(m).exp(), all, true).log().add(m);
        return keepdim ? out : out.reshape(outputDims(x, mask, false));
    }
}

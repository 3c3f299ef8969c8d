package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.AttentionShape;
import dev.dendrite.kernels.FastAttention;
import dev.dendrite.kernels.ReferenceAttention;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Scaled dot-product attention (Vaswani et al. 2017) as one fused op: softmax(Q K^T * scale + mask) V with an
 * optional causal mask and dropout on the weights, PyTorch's F.scaled_dot_product_attention. The op keeps the
 * weights (batch x heads x T x S) for backward and nothing else of size T x S; dropout is recomputed from a seed
 * drawn from the generator. Inputs are read in place through their strides, so heads split out of a projection by
 * reshape and transpose cost no copy. A query whose keys are all masked gets zero weights and a zero output
 * (PyTorch gives NaN there).
 */
public final class Attention {
    private Attention() {}

    /** The output and the attention weights (detached: for inspection and plots, not for gradients). */
    public record Attended(Tensor output, Tensor weights) {}

    /**
     * softmax(q k^T / sqrt(E) + mask) v. Shapes: q (..., T, E), k (..., S, E), v (..., S, Ev) with the same leading
     * dims; mask additive, of q's dtype, broadcastable to (..., T, S), or null (it receives no gradient); causal
     * removes keys after each query (key j &gt; query i); dropout in [0, 1) needs a generator -&gt; (..., T, Ev).
     */
    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double dropout,
                                          Generator generator) {
        return attend(q, k, v, mask, causal, dropout, generator, 1 / Math.sqrt(q.size(-1))).output();
    }

    /** {@link #scaledDotProduct} with an explicit scale, also returning the weights (..., T, S). */
    public static Attended attend(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double dropout,
                                  Generator generator, double scale) {
        int[] lead = check(q, k, v, dropout, generator);
        int rank = q.rank();
        int t = q.size(-2);
        int s = k.size(-2);
        int heads = 1;
        for (int d : lead) heads *= d;
        AttentionShape a = new AttentionShape(heads, t, s, q.size(-1), v.size(-1));
        Tensor qd = q.detach();
        Tensor kd = k.detach();
        Tensor vd = v.detach();
        Tensor md = mask == null ? null : broadcastMask(mask.detach(), q, lead, t, s);
        long seed = dropout > 0 ? generator.nextLong() : 0;
        int[] outDims = q.dims();
        outDims[rank - 1] = a.valueDim();
        int[] weightDims = q.dims();
        weightDims[rank - 1] = s;
        Tensor out = Tensor.empty(q.dtype(), outDims);
        Tensor probs = Tensor.empty(q.dtype(), weightDims);
        if (q.storage() instanceof Storage.F32) {
            FastAttention.forward(a, f32(qd), operand(qd, lead), f32(kd), operand(kd, lead), f32(vd), operand(vd, lead),
                    md == null ? null : f32(md), md == null ? null : operand(md, lead), (float) scale, causal,
                    (float) dropout, seed, f32(out), f32(probs));
        } else {
            ReferenceAttention.forward(a, f64(qd), operand(qd, lead), f64(kd), operand(kd, lead), f64(vd),
                    operand(vd, lead), md == null ? null : f64(md), md == null ? null : operand(md, lead), scale,
                    causal, dropout, seed, f64(out), f64(probs));
        }
        SavedTensor[] saved = {new SavedTensor("scaledDotProduct", qd), new SavedTensor("scaledDotProduct", kd),
                new SavedTensor("scaledDotProduct", vd), new SavedTensor("scaledDotProduct", probs)};
        Tensor y = Autograd.record("scaledDotProduct", out, new Tensor[] {q, k, v}, saved, grad -> {
            Tensor g = Convert.dense(grad);
            Tensor qs = saved[0].get();
            Tensor ks = saved[1].get();
            Tensor vs = saved[2].get();
            Tensor dq = Tensor.empty(q.dtype(), q.dims());
            Tensor dk = Tensor.empty(q.dtype(), k.dims());
            Tensor dv = Tensor.empty(q.dtype(), v.dims());
            if (g.storage() instanceof Storage.F32) {
                FastAttention.backward(a, f32(qs), operand(qs, lead), f32(ks), operand(ks, lead), f32(vs),
                        operand(vs, lead), f32(saved[3].get()), (float) scale, (float) dropout, seed, f32(g),
                        g.offset(), f32(dq), f32(dk), f32(dv));
            } else {
                ReferenceAttention.backward(a, f64(qs), operand(qs, lead), f64(ks), operand(ks, lead), f64(vs),
                        operand(vs, lead), f64(saved[3].get()), scale, dropout, seed, f64(g), g.offset(), f64(dq),
                        f64(dk), f64(dv));
            }
            return new Tensor[] {dq, dk, dv};
        });
        return new Attended(y, probs);
    }

    /** Validates the operands and returns their common leading dims. */
    private static int[] check(Tensor q, Tensor k, Tensor v, double dropout, Generator generator) {
        Checks.floating("scaledDotProduct", q);
        Checks.sameDType("scaledDotProduct", q, k);
        Checks.sameDType("scaledDotProduct", q, v);
        int rank = q.rank();
        if (rank < 2 || k.rank() != rank || v.rank() != rank) {
            throw new ShapeException("scaledDotProduct: expected query (..., T, E), key (..., S, E) and value"
                    + " (..., S, Ev) of one rank >= 2, got " + q.shape() + ", " + k.shape() + " and " + v.shape());
        }
        int[] lead = java.util.Arrays.copyOf(q.dims(), rank - 2);
        boolean same = java.util.Arrays.equals(lead, java.util.Arrays.copyOf(k.dims(), rank - 2))
                && java.util.Arrays.equals(lead, java.util.Arrays.copyOf(v.dims(), rank - 2));
        if (!same || k.size(-1) != q.size(-1) || v.size(-2) != k.size(-2)) {
            throw new ShapeException("scaledDotProduct: query (..., T, E), key (..., S, E) and value (..., S, Ev) must"
                    + " share leading dims, E and S; got " + q.shape() + ", " + k.shape() + " and " + v.shape());
        }
        if (!(dropout >= 0 && dropout < 1) || (dropout > 0 && generator == null)) {
            throw new IllegalArgumentException("scaledDotProduct: dropout must be in [0, 1) and needs a generator when"
                    + " > 0, got " + dropout + (generator == null ? " without a generator" : ""));
        }
        return lead;
    }

    /** The mask as a (lead..., T, S) view (stride 0 where it broadcasts), or a clear error. */
    private static Tensor broadcastMask(Tensor mask, Tensor q, int[] lead, int t, int s) {
        Checks.sameDType("scaledDotProduct", q, mask);
        int rank = lead.length + 2;
        int[] target = java.util.Arrays.copyOf(lead, rank);
        target[rank - 2] = t;
        target[rank - 1] = s;
        boolean fits = mask.rank() <= rank;
        for (int i = 1; fits && i <= mask.rank(); i++) {
            int m = mask.size(mask.rank() - i);
            fits = m == 1 || m == target[rank - i];
        }
        if (!fits) {
            throw new ShapeException("scaledDotProduct: the mask " + mask.shape() + " does not broadcast to the"
                    + " weights' shape " + java.util.Arrays.toString(target) + " (..., T, S)");
        }
        int[] padded = new int[rank];
        java.util.Arrays.fill(padded, 1);
        System.arraycopy(mask.dims(), 0, padded, rank - mask.rank(), mask.rank());
        return mask.reshape(padded).expand(target);
    }

    /** Where each head's matrix of t starts, and its row and column strides. */
    private static AttentionShape.Operand operand(Tensor t, int[] lead) {
        int heads = 1;
        for (int d : lead) heads *= d;
        int[] strides = t.strides();
        int[] offsets = new int[heads];
        for (int n = 0; n < heads; n++) {
            int rest = n;
            int at = t.offset();
            for (int d = lead.length - 1; d >= 0; d--) {
                at += (rest % lead[d]) * strides[d];
                rest /= lead[d];
            }
            offsets[n] = at;
        }
        return new AttentionShape.Operand(offsets, strides[lead.length], strides[lead.length + 1]);
    }

    private static float[] f32(Tensor t) {
        return ((Storage.F32) t.storage()).data;
    }

    private static double[] f64(Tensor t) {
        return ((Storage.F64) t.storage()).data;
    }
}

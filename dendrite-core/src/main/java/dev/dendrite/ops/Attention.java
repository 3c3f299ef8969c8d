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
        int heads = 1;
        for (int d : lead) heads *= d;
        AttentionShape a = new AttentionShape(heads, q.size(-2), k.size(-2), q.size(-1), v.size(-1));
        int[] outDims = q.dims();
        outDims[outDims.length - 1] = a.valueDim();
        Layout layout = t -> operand(t, lead);
        return run("scaledDotProduct", a, lead, new Tensor[] {q, k, v}, q, k, v, mask, causal, dropout, generator, scale,
                outDims, layout);
    }

    /**
     * Multi-head attention over projections whose heads lie side by side in the feature dim (MultiheadAttention's
     * layout): head h of q reads features [h E / heads, (h + 1) E / heads), and the output puts head h's values in
     * the same place, so neither the split nor the join copies. Shapes: q (B, T, E), k (B, S, E), v (B, S, Ev)
     * batch-first or (T, B, E) ... time-first; mask broadcastable to (B, heads, T, S) -&gt; output (B, T, Ev) or
     * (T, B, Ev), weights (B, heads, T, S).
     */
    public static Attended multiHead(Tensor q, Tensor k, Tensor v, int heads, boolean batchFirst, Tensor mask,
                                     boolean causal, double dropout, Generator generator, double scale) {
        return multiHead(new Tensor[] {q, k, v}, new Tensor[] {q, k, v}, heads, batchFirst, mask, causal, dropout,
                generator, scale);
    }

    /** multiHead over q, k, v = qkv[0..2], recorded on {@code inputs}: the three, or the one packed tensor. */
    private static Attended multiHead(Tensor[] qkv, Tensor[] inputs, int heads, boolean batchFirst, Tensor mask,
                                      boolean causal, double dropout, Generator generator, double scale) {
        Tensor q = qkv[0];
        Tensor k = qkv[1];
        Tensor v = qkv[2];
        checkTypes("multiHead", q, k, v, dropout, generator);
        int b = batchFirst ? 0 : 1;
        int t = 1 - b;
        boolean fits = q.rank() == 3 && k.rank() == 3 && v.rank() == 3 && heads >= 1 && q.size(2) == k.size(2)
                && q.size(2) % heads == 0 && v.size(2) % heads == 0 && k.size(b) == q.size(b) && v.size(b) == q.size(b)
                && v.size(t) == k.size(t);
        if (!fits) {
            String layout = batchFirst ? "(B, T, E), (B, S, E), (B, S, Ev)" : "(T, B, E), (S, B, E), (S, B, Ev)";
            throw new ShapeException("multiHead: expected q, k, v " + layout + " with E and Ev divisible by " + heads
                    + " heads, got " + q.shape() + ", " + k.shape() + ", " + v.shape());
        }
        int[] lead = {q.size(b), heads};
        AttentionShape a = new AttentionShape(q.size(b) * heads, q.size(t), k.size(t), q.size(2) / heads,
                v.size(2) / heads);
        int[] outDims = q.dims();
        outDims[2] = v.size(2);
        Layout layout = x -> {
            int[] st = x.strides();
            int width = x.size(2) / heads;
            int[] offsets = new int[a.heads()];
            for (int n = 0; n < offsets.length; n++) {
                offsets[n] = x.offset() + (n / heads) * st[b] + (n % heads) * width * st[2];
            }
            return new AttentionShape.Operand(offsets, st[t], st[2]);
        };
        return run("multiHead", a, lead, inputs, q, k, v, mask, causal, dropout, generator, scale, outDims, layout);
    }

    /**
     * {@link #multiHead} self-attention over one packed projection qkv = [q | k | v] along the features, as
     * MultiheadAttention's single in_proj GEMM produces it; the gradient comes back packed the same way, with no
     * split. Shapes: qkv (B, T, 3E) batch-first or (T, B, 3E) -&gt; output (B, T, E) or (T, B, E), weights (B, heads,
     * T, T).
     */
    public static Attended multiHeadPacked(Tensor qkv, int heads, boolean batchFirst, Tensor mask, boolean causal,
                                           double dropout, Generator generator, double scale) {
        if (qkv.rank() != 3 || qkv.size(2) % 3 != 0) {
            throw new ShapeException("multiHeadPacked: expected a packed projection (B, T, 3E), got " + qkv.shape());
        }
        int e = qkv.size(2) / 3;
        Tensor d = qkv.detach();
        Tensor[] parts = {d.narrow(2, 0, e), d.narrow(2, e, e), d.narrow(2, 2 * e, e)};
        return multiHead(parts, new Tensor[] {qkv}, heads, batchFirst, mask, causal, dropout, generator, scale);
    }

    /** Where each head's matrix lies in a tensor of the op's layout. */
    private interface Layout {
        AttentionShape.Operand of(Tensor t);
    }

    /**
     * The forward kernel and the recorded backward. {@code inputs} are q, k and v, or one packed tensor whose
     * feature dim holds them side by side (its gradient is then written in the same layout).
     */
    private static Attended run(String op, AttentionShape a, int[] lead, Tensor[] inputs, Tensor q, Tensor k, Tensor v,
                                Tensor mask, boolean causal, double dropout, Generator generator, double scale,
                                int[] outDims, Layout layout) {
        Tensor qd = q.detach();
        Tensor kd = k.detach();
        Tensor vd = v.detach();
        Tensor md = mask == null ? null : broadcastMask(op, mask.detach(), q, lead, a.queries(), a.keys());
        AttentionShape.Operand ml = md == null ? null : operand(md, lead);
        long seed = dropout > 0 ? generator.nextLong() : 0;
        int[] weightDims = java.util.Arrays.copyOf(lead, lead.length + 2);
        weightDims[lead.length] = a.queries();
        weightDims[lead.length + 1] = a.keys();
        Tensor out = Tensor.empty(q.dtype(), outDims);
        Tensor probs = Tensor.empty(q.dtype(), weightDims);
        if (q.storage() instanceof Storage.F32) {
            FastAttention.forward(a, f32(qd), layout.of(qd), f32(kd), layout.of(kd), f32(vd), layout.of(vd),
                    md == null ? null : f32(md), ml, (float) scale, causal, (float) dropout, seed, f32(out),
                    layout.of(out), f32(probs));
        } else {
            ReferenceAttention.forward(a, f64(qd), layout.of(qd), f64(kd), layout.of(kd), f64(vd), layout.of(vd),
                    md == null ? null : f64(md), ml, scale, causal, dropout, seed, f64(out), layout.of(out),
                    f64(probs));
        }
        SavedTensor[] saved = {new SavedTensor(op, qd), new SavedTensor(op, kd), new SavedTensor(op, vd),
                new SavedTensor(op, probs)};
        Tensor y = Autograd.record(op, out, inputs, saved, g -> {
            Tensor qs = saved[0].get();
            Tensor ks = saved[1].get();
            Tensor vs = saved[2].get();
            Tensor packed = inputs.length == 1 ? Tensor.empty(q.dtype(), inputs[0].dims()) : null;
            int e = q.size(-1);
            Tensor dq = packed != null ? packed.narrow(-1, 0, e) : Tensor.empty(q.dtype(), q.dims());
            Tensor dk = packed != null ? packed.narrow(-1, e, e) : Tensor.empty(q.dtype(), k.dims());
            Tensor dv = packed != null ? packed.narrow(-1, 2 * e, v.size(-1)) : Tensor.empty(q.dtype(), v.dims());
            if (g.storage() instanceof Storage.F32) {
                FastAttention.backward(a, f32(qs), layout.of(qs), f32(ks), layout.of(ks), f32(vs), layout.of(vs),
                        f32(saved[3].get()), (float) scale, (float) dropout, seed, f32(g), layout.of(g), f32(dq),
                        layout.of(dq), f32(dk), layout.of(dk), f32(dv), layout.of(dv));
            } else {
                ReferenceAttention.backward(a, f64(qs), layout.of(qs), f64(ks), layout.of(ks), f64(vs), layout.of(vs),
                        f64(saved[3].get()), scale, dropout, seed, f64(g), layout.of(g), f64(dq), layout.of(dq),
                        f64(dk), layout.of(dk), f64(dv), layout.of(dv));
            }
            return packed != null ? new Tensor[] {packed} : new Tensor[] {dq, dk, dv};
        });
        return new Attended(y, probs);
    }

    /** Validates the operands and returns their common leading dims. */
    private static int[] check(Tensor q, Tensor k, Tensor v, double dropout, Generator generator) {
        checkTypes("scaledDotProduct", q, k, v, dropout, generator);
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
        return lead;
    }

    private static void checkTypes(String op, Tensor q, Tensor k, Tensor v, double dropout, Generator generator) {
        Checks.floating(op, q);
        Checks.sameDType(op, q, k);
        Checks.sameDType(op, q, v);
        if (!(dropout >= 0 && dropout < 1) || (dropout > 0 && generator == null)) {
            throw new IllegalArgumentException(op + ": dropout must be in [0, 1) and needs a generator when > 0, got "
                    + dropout + (generator == null ? " without a generator" : ""));
        }
    }

    /** The mask as a (lead..., T, S) view (stride 0 where it broadcasts), or a clear error. */
    private static Tensor broadcastMask(String op, Tensor mask, Tensor q, int[] lead, int t, int s) {
        Checks.sameDType(op, q, mask);
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
            throw new ShapeException(op + ": the mask " + mask.shape() + " does not broadcast to the"
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

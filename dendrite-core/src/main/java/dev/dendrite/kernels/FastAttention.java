package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float scaled dot-product attention, the formulas of {@link ReferenceAttention} as three GEMMs per head in
 * forward (Q K^T into the weights, softmax in place, P V) and four in backward (P^T dO, dO V^T, dS K, dS^T Q), with
 * the row softmax and its gradient as Vector API passes. The weights (heads x queries x keys) are the only
 * intermediate kept for backward; dropout is recomputed from the seed. Heads are split over the thread pool when
 * there are at least as many heads as threads; otherwise heads run in turn and each GEMM uses the pool.
 */
public final class FastAttention {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();

    private FastAttention() {}

    public static void forward(AttentionShape a, float[] q, AttentionShape.Operand ql, float[] k,
                               AttentionShape.Operand kl, float[] v, AttentionShape.Operand vl, float[] mask,
                               AttentionShape.Operand ml, float scale, boolean causal, float dropout, long seed,
                               float[] out, AttentionShape.Operand ol, float[] probs) {
        int t = a.queries();
        int s = a.keys();
        forEachHead(a, dropout > 0 ? t * s : 0, (n, scratch) -> {
            int po = n * t * s;
            FastGemm.gemm(t, s, a.dim(), q, ql.offsets()[n], ql.rowStride(), ql.colStride(), k, kl.offsets()[n],
                    kl.colStride(), kl.rowStride(), probs, po, s, false);
            for (int i = 0; i < t; i++) {
                softmaxRow(probs, po + i * s, s, causal ? Math.min(s, i + 1) : s, scale, mask,
                        ml == null ? 0 : ml.at(n, i, 0), ml == null ? 0 : ml.colStride());
            }
            float[] weights = probs;
            int wo = po;
            if (dropout > 0) {
                dropInto(a, probs, po, n, dropout, seed, scratch);
                weights = scratch;
                wo = 0;
            }
            FastGemm.gemm(t, a.valueDim(), s, weights, wo, s, 1, v, vl.offsets()[n], vl.rowStride(), vl.colStride(),
                    out, ol.offsets()[n], ol.rowStride(), false);
        });
    }

    /**
     * Gradients of the inputs (overwritten, at their operands, column stride 1) from dOut and the saved weights.
     */
    public static void backward(AttentionShape a, float[] q, AttentionShape.Operand ql, float[] k,
                                AttentionShape.Operand kl, float[] v, AttentionShape.Operand vl, float[] probs,
                                float scale, float dropout, long seed, float[] dOut, AttentionShape.Operand gl,
                                float[] dq, AttentionShape.Operand dql, float[] dk, AttentionShape.Operand dkl,
                                float[] dv, AttentionShape.Operand dvl) {
        int t = a.queries();
        int s = a.keys();
        int e = a.dim();
        int ev = a.valueDim();
        forEachHead(a, t * s, (n, scratch) -> {
            int po = n * t * s;
            int go = gl.offsets()[n];
            float[] weights = probs;
            int wo = po;
            if (dropout > 0) {
                dropInto(a, probs, po, n, dropout, seed, scratch);
                weights = scratch;
                wo = 0;
            }
            // dV = D(P)^T dO
            FastGemm.gemm(s, ev, t, weights, wo, 1, s, dOut, go, gl.rowStride(), gl.colStride(), dv, dvl.offsets()[n],
                    dvl.rowStride(), false);
            // dP' = dO V^T, then dS = P (D(dP') - rowsum(P D(dP'))) * scale, in place
            FastGemm.gemm(t, s, ev, dOut, go, gl.rowStride(), gl.colStride(), v, vl.offsets()[n], vl.colStride(),
                    vl.rowStride(), scratch, 0, s, false);
            if (dropout > 0) {
                dropInto(a, scratch, 0, n, dropout, seed, scratch);
            }
            for (int i = 0; i < t; i++) {
                softmaxGradientRow(probs, po + i * s, scratch, i * s, s, scale);
            }
            FastGemm.gemm(t, e, s, scratch, 0, s, 1, k, kl.offsets()[n], kl.rowStride(), kl.colStride(), dq,
                    dql.offsets()[n], dql.rowStride(), false);
            FastGemm.gemm(s, e, t, scratch, 0, 1, s, q, ql.offsets()[n], ql.rowStride(), ql.colStride(), dk,
                    dkl.offsets()[n], dkl.rowStride(), false);
        });
    }

    @FunctionalInterface
    private interface HeadTask {
        void run(int head, float[] scratch);
    }

    /** Runs every head with a scratch of {@code scratchSize} floats per thread (heads in parallel when enough). */
    private static void forEachHead(AttentionShape a, int scratchSize, HeadTask task) {
        int heads = a.heads();
        if (heads >= Parallel.threads()) {
            Parallel.range(heads, 1, (from, to) -> {
                float[] scratch = new float[scratchSize];
                for (int n = from; n < to; n++) task.run(n, scratch);
            });
        } else {
            float[] scratch = new float[scratchSize];
            for (int n = 0; n < heads; n++) task.run(n, scratch);
        }
    }

    /** D(x) of one head's (queries, keys) block into dst at 0: kept elements scaled by 1 / (1 - p), dropped ones 0. */
    private static void dropInto(AttentionShape a, float[] x, int xo, int head, float p, long seed, float[] dst) {
        int block = a.queries() * a.keys();
        DropoutMask.run(x, xo, dst, 0, block, seed, p, head * block);
    }

    /**
     * One row of weights in place: softmax of scale * x + mask over the first {@code len} entries, zeros after
     * (causal), and all zeros where every entry is masked (-inf).
     */
    private static void softmaxRow(float[] x, int xo, int n, int len, float scale, float[] mask, int mo, int mcs) {
        int bound = S.loopBound(len);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        if (mask == null || mcs == 1) {
            for (; i < bound; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i).mul(scale);
                if (mask != null) xv = xv.add(FloatVector.fromArray(S, mask, mo + i));
                xv.intoArray(x, xo + i);
                vmax = vmax.max(xv);
            }
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            float xv = x[xo + i] * scale + (mask == null ? 0f : mask[mo + i * mcs]);
            x[xo + i] = xv;
            max = Math.max(max, xv);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(x, xo, xo + n, 0f);
            return;
        }
        for (i = 0; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(max).intoArray(x, xo + i);
        for (; i < len; i++) x[xo + i] -= max;
        VectorMath.exp(x, xo, x, xo, len);
        FloatVector vsum = FloatVector.zero(S);
        for (i = 0; i < bound; i += L) vsum = vsum.add(FloatVector.fromArray(S, x, xo + i));
        float sum = Lanes.sum(vsum);
        for (; i < len; i++) sum += x[xo + i];
        float inv = 1f / sum;
        for (i = 0; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).mul(inv).intoArray(x, xo + i);
        for (; i < len; i++) x[xo + i] *= inv;
        java.util.Arrays.fill(x, xo + len, xo + n, 0f);
    }

    /** dS = P (dP - sum(P dP)) * scale for one row, written over dP. */
    private static void softmaxGradientRow(float[] p, int po, float[] dp, int dpo, int n, float scale) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) acc = FloatVector.fromArray(S, p, po + i).fma(FloatVector.fromArray(S, dp, dpo + i), acc);
        float dot = Lanes.sum(acc);
        for (; i < n; i++) dot += p[po + i] * dp[dpo + i];
        for (i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, dp, dpo + i).sub(dot).mul(FloatVector.fromArray(S, p, po + i)).mul(scale)
                    .intoArray(dp, dpo + i);
        }
        for (; i < n; i++) dp[dpo + i] = (dp[dpo + i] - dot) * p[po + i] * scale;
    }
}

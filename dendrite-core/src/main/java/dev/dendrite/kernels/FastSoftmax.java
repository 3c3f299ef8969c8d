package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float softmax and log-softmax over the rows of a contiguous (rows, n) block: max, exponentials (VectorMath),
 * sum and normalisation as Vector API passes, rows split over the thread pool.
 */
public final class FastSoftmax {
    private static final VectorSpecies<Float> S = FastUnary.S;

    private FastSoftmax() {}

    public static void apply(boolean log, float[] x, int off, int rows, int n, float[] out) {
        int grain = Math.max(1, FastUnary.GRAIN / Math.max(n, 1));
        Parallel.range(rows, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                row(log, x, off + r * n, n, out, r * n);
            }
        });
    }

    private static void row(boolean log, float[] x, int xo, int n, float[] out, int oo) {
        int L = S.length();
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) vmax = vmax.max(FloatVector.fromArray(S, x, xo + i));
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) max = Math.max(max, x[xo + i]);
        if (max == Float.NEGATIVE_INFINITY) {
            max = 0f; // all -inf: exp gives 0 everywhere and the row becomes NaN, as in PyTorch
        }
        // the exponentials go to out first (VectorMath: the same bits in every execution mode)
        for (i = 0; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(max).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = x[xo + i] - max;
        VectorMath.exp(out, oo, out, oo, n);
        FloatVector vsum = FloatVector.zero(S);
        for (i = 0; i < bound; i += L) vsum = vsum.add(FloatVector.fromArray(S, out, oo + i));
        float sum = Lanes.sum(vsum);
        for (; i < n; i++) sum += out[oo + i];
        i = 0;
        if (log) {
            float shift = max + (float) Math.log(sum);
            for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(shift).intoArray(out, oo + i);
            for (; i < n; i++) out[oo + i] = x[xo + i] - shift;
        } else {
            float inv = 1f / sum;
            for (; i < bound; i += L) FloatVector.fromArray(S, out, oo + i).mul(inv).intoArray(out, oo + i);
            for (; i < n; i++) out[oo + i] *= inv;
        }
    }
}

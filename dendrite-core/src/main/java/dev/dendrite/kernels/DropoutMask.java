package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dropout without a stored mask: element i of a call is kept when a 32-bit hash of (seed, i) (the golden-ratio
 * step and MurmurHash3's finaliser, a bijection of i per seed) lands at or above p of its range. Forward and
 * backward recompute the same mask, the fast (Vector API) and reference paths agree bit for bit, and the result
 * does not depend on the thread count. out[i] = keep(i) ? x[i] / (1 - p) : 0.
 */
public final class DropoutMask {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());

    private DropoutMask() {}

    /** The 24-bit threshold at or above which an element's hash keeps it. */
    private static int threshold(double p) {
        return (int) Math.ceil(p * (1 << 24));
    }

    /** Whether element {@code index} of a call with this seed survives dropout with probability p. */
    public static boolean keeps(long seed, int index, double p) {
        return keeps(seed, index, threshold(p));
    }

    private static boolean keeps(long seed, int i, int threshold) {
        int h = i * 0x9E3779B9 + (int) seed;
        h ^= (int) (seed >>> 32);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return (h >>> 8) >= threshold;
    }

    /** out[i] = D(x[i]) for the n elements of a call, split over the thread pool. */
    public static void apply(float[] x, int xo, float[] out, int oo, int n, long seed, double p) {
        Parallel.range(n, FastUnary.GRAIN, (from, to) -> run(x, xo + from, out, oo + from, to - from, seed, p, from));
    }

    /**
     * out[oo + j] = D(x[xo + j]) for j &lt; n, where element j has index {@code first + j} in its call: one stretch
     * of a larger call, on the calling thread.
     */
    public static void run(float[] x, int xo, float[] out, int oo, int n, long seed, double p, int first) {
        int t = threshold(p);
        float scale = (float) (1 / (1 - p));
        int j = 0;
        if (I.length() == S.length()) {
            IntVector lanes = IntVector.zero(I).addIndex(1);
            int lo = (int) seed;
            int hi = (int) (seed >>> 32);
            for (; j + S.length() <= n; j += S.length()) {
                IntVector h = lanes.add(first + j).mul(0x9E3779B9).add(lo).lanewise(VectorOperators.XOR, hi);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
                VectorMask<Float> keep = h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, t).cast(S);
                FloatVector.zero(S).blend(FloatVector.fromArray(S, x, xo + j).mul(scale), keep).intoArray(out, oo + j);
            }
        }
        for (; j < n; j++) {
            out[oo + j] = keeps(seed, first + j, t) ? x[xo + j] * scale : 0f;
        }
    }

    public static void apply(double[] x, int xo, double[] out, int oo, int n, long seed, double p) {
        int t = threshold(p);
        double scale = 1 / (1 - p);
        for (int i = 0; i < n; i++) {
            out[oo + i] = keeps(seed, i, t) ? x[xo + i] * scale : 0;
        }
    }
}

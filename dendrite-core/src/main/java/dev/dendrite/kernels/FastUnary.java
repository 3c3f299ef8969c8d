// Fast elementwise kernels on float[]: one Vector API loop per function, split over the thread pool for
// large arrays. Tested against ReferenceUnary.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class FastUnary {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int GRAIN = 1 << 15;
    private static final float INV_SQRT_2 = (float) (1 / Math.sqrt(2));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    private FastUnary() {}

    /** out[outOff + i] = f(x[xOff + i]) for i in [0, n). */
    public static void apply(UnaryKind kind, float p, float q, float[] x, int xOff, float[] out, int outOff, int n) {
        Parallel.range(n, GRAIN, (from, to) -> applyRange(kind, p, q, x, xOff + from, out, outOff + from, to - from));
    }

    private static void applyRange(UnaryKind kind, float p, float q, float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (kind) {
            case NEG -> { for (; i < bound; i += S.length()) v(x, xo + i).neg().intoArray(out, oo + i); }
            case EXP -> { for (; i < bound; i += S.length()) v(x, xo + i).lanewise(VectorOperators.EXP).intoArray(out, oo + i); }
            case LOG -> { for (; i < bound; i += S.length()) v(x, xo + i).lanewise(VectorOperators.LOG).intoArray(out, oo + i); }
            case SQRT -> { for (; i < bound; i += S.length()) v(x, xo + i).sqrt().intoArray(out, oo + i); }
            case RSQRT -> { for (; i < bound; i += S.length()) one.div(v(x, xo + i).sqrt()).intoArray(out, oo + i); }
            case ABS -> { for (; i < bound; i += S.length()) v(x, xo + i).abs().intoArray(out, oo + i); }
            case SIGN -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    zero.blend(one, a.compare(VectorOperators.GT, 0f)).blend(one.neg(), a.compare(VectorOperators.LT, 0f))
                            .blend(a, a.test(VectorOperators.IS_NAN)).intoArray(out, oo + i);
                }
            }
            case RECIPROCAL -> { for (; i < bound; i += S.length()) one.div(v(x, xo + i)).intoArray(out, oo + i); }
            case POW -> {
                if (p == 2f) {
                    for (; i < bound; i += S.length()) { FloatVector a = v(x, xo + i); a.mul(a).intoArray(out, oo + i); }
                } else {
                    for (; i < bound; i += S.length()) v(x, xo + i).lanewise(VectorOperators.POW, p).intoArray(out, oo + i);
                }
            }
            case CLAMP -> { for (; i < bound; i += S.length()) v(x, xo + i).max(p).min(q).intoArray(out, oo + i); }
            case CLAMP_GRAD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    VectorMask<Float> in = a.compare(VectorOperators.GE, p).and(a.compare(VectorOperators.LE, q));
                    zero.blend(one, in).intoArray(out, oo + i);
                }
            }
            case STEP -> { for (; i < bound; i += S.length()) zero.blend(one, v(x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(out, oo + i); }
            case SIGMOID -> { for (; i < bound; i += S.length()) one.div(v(x, xo + i).neg().lanewise(VectorOperators.EXP).add(one)).intoArray(out, oo + i); }
            case TANH -> { for (; i < bound; i += S.length()) v(x, xo + i).lanewise(VectorOperators.TANH).intoArray(out, oo + i); }
            case RELU -> { for (; i < bound; i += S.length()) v(x, xo + i).max(zero).intoArray(out, oo + i); }
            case LEAKY_RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    a.mul(p).blend(a, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU_GRAD -> {
                FloatVector slope = FloatVector.broadcast(S, p);
                for (; i < bound; i += S.length()) slope.blend(one, v(x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
            }
            case ELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    a.lanewise(VectorOperators.EXPM1).mul(p).blend(a, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case ELU_GRAD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    a.lanewise(VectorOperators.EXP).mul(p).blend(one, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case GELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    a.mul(0.5f).mul(erf(a.mul(INV_SQRT_2)).add(one)).intoArray(out, oo + i);
                }
            }
            case GELU_GRAD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    FloatVector cdf = erf(a.mul(INV_SQRT_2)).add(one).mul(0.5f);
                    FloatVector pdf = a.mul(a).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
                    a.fma(pdf, cdf).intoArray(out, oo + i);
                }
            }
            case SOFTPLUS -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = v(x, xo + i);
                    a.lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P)
                            .blend(a, a.compare(VectorOperators.GT, 20f)).intoArray(out, oo + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oo + i] = (float) ReferenceUnary.scalar(kind, p, q, x[xo + i]);
        }
    }

    private static FloatVector v(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    /** Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, enough for float32. */
    static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(ax.mul(0.3275911f).add(1f));
        FloatVector poly = t.mul(1.061405429f).add(-1.453152027f).mul(t).add(1.421413741f).mul(t)
                .add(-0.284496736f).mul(t).add(0.254829592f).mul(t);
        FloatVector y = FloatVector.broadcast(S, 1f).sub(poly.mul(ax.mul(ax).neg().lanewise(VectorOperators.EXP)));
        return y.blend(y.neg(), x.compare(VectorOperators.LT, 0f));
    }
}

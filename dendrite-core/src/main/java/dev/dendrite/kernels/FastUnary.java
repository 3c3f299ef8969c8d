package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast elementwise kernels on float[]: one Vector API loop per function (exp, log, sigmoid and tanh, and the
 * exponentials inside ELU, GELU and softplus, come from VectorMath, so they round the same in every execution
 * mode), split over the thread pool for large arrays. Tested against ReferenceUnary.
 */
public final class FastUnary {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int GRAIN = 1 << 15;
    private static final float INV_SQRT_2 = (float) (1 / Math.sqrt(2));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    private static final float ERF_P = 0.3275911f, ERF_A1 = 0.254829592f, ERF_A2 = -0.284496736f;
    private static final float ERF_A3 = 1.421413741f, ERF_A4 = -1.453152027f, ERF_A5 = 1.061405429f;
    /** Elements per pass of the kinds built on an exponential (a multiple of every vector length). */
    private static final int CHUNK = 256;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

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
            case NEG -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.neg().intoArray(out, oo + i);
                }
            }
            case EXP -> { VectorMath.exp(x, xo, out, oo, n); return; }
            case LOG -> { VectorMath.log(x, xo, out, oo, n); return; }
            case SQRT -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.sqrt().intoArray(out, oo + i);
                }
            }
            case RSQRT -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    one.div(a.sqrt()).intoArray(out, oo + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.abs().intoArray(out, oo + i);
                }
            }
            case SIGN -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    zero.blend(one, a.compare(VectorOperators.GT, 0f)).blend(one.neg(), a.compare(VectorOperators.LT, 0f))
                            .blend(a, a.test(VectorOperators.IS_NAN)).intoArray(out, oo + i);
                }
            }
            case RECIPROCAL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    one.div(a).intoArray(out, oo + i);
                }
            }
            case POW -> {
                if (p == 2f) {
                    for (; i < bound; i += S.length()) {
                        FloatVector a = FloatVector.fromArray(S, x, xo + i);
                        a.mul(a).intoArray(out, oo + i);
                    }
                } else {
                    // NOTE: scalar Math.pow, one routine in every execution mode (lanewise POW is another when compiled)
                    for (int j = 0; j < n; j++) out[oo + j] = (float) Math.pow(x[xo + j], p);
                    return;
                }
            }
            case CLAMP -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.max(p).min(q).intoArray(out, oo + i);
                }
            }
            case CLAMP_GRAD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    VectorMask<Float> in = a.compare(VectorOperators.GE, p).and(a.compare(VectorOperators.LE, q));
                    zero.blend(one, in).intoArray(out, oo + i);
                }
            }
            case STEP -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    zero.blend(one, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case SIGMOID -> { VectorMath.sigmoid(x, xo, out, oo, n); return; }
            case TANH -> { VectorMath.tanh(x, xo, out, oo, n); return; }
            case RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.max(zero).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.mul(p).blend(a, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU_GRAD -> {
                FloatVector slope = FloatVector.broadcast(S, p);
                for (; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    slope.blend(one, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case ELU, ELU_GRAD, GELU, GELU_GRAD, SOFTPLUS -> {
                float[] t = SCRATCH.get();
                for (int c0 = 0; c0 < n; c0 += CHUNK) {
                    int len = Math.min(CHUNK, n - c0);
                    withExponential(kind, p, x, xo + c0, out, oo + c0, len, t);
                }
                return;
            }
        }
        for (; i < n; i++) {
            out[oo + i] = (float) ReferenceUnary.scalar(kind, p, q, x[xo + i]);
        }
    }

    /**
     * The kinds built on one exponential per element, for at most CHUNK elements: the exponential (through
     * VectorMath, so the same bits in every execution mode) goes to the scratch t, then is combined with x. The
     * scalar tail repeats the vector operations in the same order.
     */
    private static void withExponential(UnaryKind kind, float p, float[] x, int xo, float[] out, int oo, int n,
                                        float[] t) {
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (kind) {
            case ELU -> {
                VectorMath.expm1(x, xo, t, 0, n);
                for (int i = 0; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    FloatVector.fromArray(S, t, i).mul(p).blend(a, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
                for (int i = bound; i < n; i++) out[oo + i] = x[xo + i] > 0f ? x[xo + i] : t[i] * p;
            }
            case ELU_GRAD -> {
                VectorMath.exp(x, xo, t, 0, n);
                for (int i = 0; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    FloatVector.fromArray(S, t, i).mul(p).blend(one, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
                for (int i = bound; i < n; i++) out[oo + i] = x[xo + i] > 0f ? 1f : t[i] * p;
            }
            case SOFTPLUS -> {
                // log(1 + exp(x)), x itself above 20 (PyTorch's threshold)
                VectorMath.exp(x, xo, t, 0, n);
                VectorMath.log1p(t, 0, t, 0, n);
                for (int i = 0; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    FloatVector.fromArray(S, t, i).blend(a, a.compare(VectorOperators.GT, 20f)).intoArray(out, oo + i);
                }
                for (int i = bound; i < n; i++) out[oo + i] = x[xo + i] > 20f ? x[xo + i] : t[i];
            }
            default -> {
                // GELU and its gradient: exp(-x^2 / 2) serves both erf(x / sqrt 2) and the normal density
                for (int i = 0; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    a.mul(a).mul(-0.5f).intoArray(t, i);
                }
                for (int i = bound; i < n; i++) t[i] = x[xo + i] * x[xo + i] * -0.5f;
                VectorMath.exp(t, 0, t, 0, n);
                // NOTE: erf written out in the loop and both results blended: a vector-valued helper or a choice
                // between two vector values can cost C2's unboxing of the vectors.
                boolean grad = kind == UnaryKind.GELU_GRAD;
                VectorMask<Float> gradient = S.maskAll(grad);
                for (int i = 0; i < bound; i += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, xo + i);
                    FloatVector e = FloatVector.fromArray(S, t, i);
                    FloatVector s = a.mul(INV_SQRT_2);
                    FloatVector ax = s.abs();
                    FloatVector u = one.div(ax.mul(ERF_P).add(1f));
                    FloatVector poly = u.mul(ERF_A5).add(ERF_A4).mul(u).add(ERF_A3).mul(u).add(ERF_A2).mul(u)
                            .add(ERF_A1).mul(u);
                    FloatVector erfAbs = one.sub(poly.mul(e));
                    FloatVector erf = erfAbs.blend(erfAbs.neg(), s.compare(VectorOperators.LT, 0f));
                    FloatVector cdf = erf.add(1f).mul(0.5f);
                    a.mul(cdf).blend(a.fma(e.mul(INV_SQRT_2PI), cdf), gradient).intoArray(out, oo + i);
                }
                for (int i = bound; i < n; i++) {
                    float a = x[xo + i];
                    float cdf = (erf(a * INV_SQRT_2, t[i]) + 1f) * 0.5f;
                    out[oo + i] = grad ? Math.fma(a, t[i] * INV_SQRT_2PI, cdf) : a * cdf;
                }
            }
        }
    }

    /**
     * erf(a) by Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7, enough for float32), given e = exp(-a^2); the
     * scalar twin of the GELU loop's vector erf.
     */
    private static float erf(float a, float e) {
        float ax = Math.abs(a);
        float u = 1f / (ax * ERF_P + 1f);
        float poly = ((((u * ERF_A5 + ERF_A4) * u + ERF_A3) * u + ERF_A2) * u + ERF_A1) * u;
        float y = 1f - poly * e;
        return a < 0f ? -y : y;
    }
}

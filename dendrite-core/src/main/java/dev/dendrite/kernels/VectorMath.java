package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float exp, log, expm1, log1p, sigmoid and tanh over arrays, built only from lane operations that IEEE 754 rounds
 * exactly (add, mul, div, fma, min/max, compares, integer bit operations); exp, log and tanh after Cephes' expf,
 * logf and tanhf (S. L. Moshier), with the range reductions done by fma. Worst errors seen in VectorMathTest: exp
 * 0.94 ulp, log 0.72, expm1 1.69, log1p 2.25, sigmoid 1.89, tanh 1.48. NOTE: why not lanewise(EXP / LOG / TANH):
 * those are not bit-identical across execution modes. Interpreted, the Vector API computes each lane with a Java
 * fallback; compiled, C2 calls SVML-style stubs that round differently (on a Zen 5, 43 of 4,096 exp and 12 of 4,096
 * tanh results differed), so a training run's low bits depended on when the JIT compiled a kernel, and two runs
 * with one seed gave different weights. Here every vector lane computes exactly what the scalar twin (the float
 * methods below) computes, in every mode; tails use the twins. NOTE: why arrays in and out, not FloatVector
 * helpers: a vector-valued helper that C2 declines to inline (for instance once it has been compiled on its own
 * into a large method) boxes its vectors, several times slower.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    /** Elements per pass of the composite functions (a multiple of every vector length; 1 KiB stays in L1). */
    private static final int CHUNK = 256;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

    // exp: x = n ln 2 + r, |r| <= ln 2 / 2, exp(x) = 2^n (1 + r + r^2 P(r)).
    private static final float EXP_MIN = -104f; // exp(-104) rounds to 0
    private static final float EXP_MAX = 88.8f; // exp(88.8) overflows to +inf
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f;
    private static final float E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

    // log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(x) = log(m) + e ln 2, log(1 + f) = f - f^2 / 2 + f^3 Q(f).
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float TWO_23 = 8388608f;
    private static final float LOG0 = 7.0376836292e-2f, LOG1 = -1.1514610310e-1f, LOG2 = 1.1676998740e-1f;
    private static final float LOG3 = -1.2420140846e-1f, LOG4 = 1.4249322787e-1f, LOG5 = -1.6668057665e-1f;
    private static final float LOG6 = 2.0000714765e-1f, LOG7 = -2.4999993993e-1f, LOG8 = 3.3333331174e-1f;

    // tanh: odd polynomial below 0.625, (1 - e) / (1 + e) with e = exp(-2|x|) above.
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f;
    private static final float T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

    // expm1: Taylor series to x^9 below 0.5 (truncation under 6e-10 relative), exp(x) - 1 above.
    private static final float EXPM1_SMALL = 0.5f;
    private static final float[] INV_FACTORIAL = {1f / 2, 1f / 6, 1f / 24, 1f / 120, 1f / 720, 1f / 5040, 1f / 40320,
            1f / 362880};

    private VectorMath() {}

    /** out[oo + i] = exp(x[xo + i]) for i in [0, n); out may be x. */
    public static void exp(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector negLn2Hi = FloatVector.broadcast(S, -LN2_HI), negLn2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector e2 = FloatVector.broadcast(S, E2), e3 = FloatVector.broadcast(S, E3);
        FloatVector e4 = FloatVector.broadcast(S, E4), e5 = FloatVector.broadcast(S, E5);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector c = FloatVector.fromArray(S, x, xo + i).max(EXP_MIN).min(EXP_MAX);
            FloatVector t = c.fma(LOG2E, ROUNDER);
            FloatVector k = t.sub(ROUNDER); // round(c / ln 2)
            FloatVector r = k.fma(negLn2Hi, c);
            r = k.fma(negLn2Lo, r);
            FloatVector p = r.fma(E0, E1).fma(r, e2).fma(r, e3).fma(r, e4).fma(r, e5);
            p = p.fma(r.mul(r), r).add(1f);
            // 2^k as two factors, so that k from -150 to 128 scales without leaving the normal range early
            IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            IntVector k2 = ki.sub(k1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(s1).mul(s2).intoArray(out, oo + i);
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = exp(x[xo + i]);
        }
    }

    /** out[oo + i] = log(x[xo + i]) (natural logarithm) for i in [0, n); out may be x. */
    public static void log(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector l2 = FloatVector.broadcast(S, LOG2), l3 = FloatVector.broadcast(S, LOG3);
        FloatVector l4 = FloatVector.broadcast(S, LOG4), l5 = FloatVector.broadcast(S, LOG5);
        FloatVector l6 = FloatVector.broadcast(S, LOG6), l7 = FloatVector.broadcast(S, LOG7);
        FloatVector l8 = FloatVector.broadcast(S, LOG8);
        FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI), ln2Lo = FloatVector.broadcast(S, LN2_LO);
        FloatVector minusHalf = FloatVector.broadcast(S, -0.5f);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> subnormal = v.compare(VectorOperators.LT, Float.MIN_NORMAL);
            FloatVector w = v.blend(v.mul(TWO_23), subnormal);
            IntVector bits = w.reinterpretAsInts();
            FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                    .convert(VectorOperators.I2F, 0));
            e = e.blend(e.sub(23f), subnormal);
            FloatVector m = bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats(); // [0.5, 1)
            VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
            e = e.blend(e.sub(1f), low);
            FloatVector f = m.blend(m.add(m), low).sub(1f);
            FloatVector z = f.mul(f);
            FloatVector q = f.fma(LOG0, LOG1).fma(f, l2).fma(f, l3).fma(f, l4).fma(f, l5).fma(f, l6).fma(f, l7)
                    .fma(f, l8);
            FloatVector y = q.mul(f).mul(z);
            y = e.fma(ln2Lo, y);
            y = z.fma(minusHalf, y);
            FloatVector result = e.fma(ln2Hi, f.add(y));
            result = result.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f))
                    .blend(Float.NaN, v.compare(VectorOperators.LT, 0f))
                    .blend(v, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY).or(v.test(VectorOperators.IS_NAN)));
            result.intoArray(out, oo + i);
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = log(x[xo + i]);
        }
    }

    /** out[oo + i] = exp(x[xo + i]) - 1, accurate near 0; out may be x. */
    public static void expm1(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = SCRATCH.get();
        FloatVector f0 = FloatVector.broadcast(S, INV_FACTORIAL[0]), f1 = FloatVector.broadcast(S, INV_FACTORIAL[1]);
        FloatVector f2 = FloatVector.broadcast(S, INV_FACTORIAL[2]), f3 = FloatVector.broadcast(S, INV_FACTORIAL[3]);
        FloatVector f4 = FloatVector.broadcast(S, INV_FACTORIAL[4]), f5 = FloatVector.broadcast(S, INV_FACTORIAL[5]);
        int bound = S.loopBound(n);
        for (int c0 = 0; c0 < bound; c0 += CHUNK) {
            int len = Math.min(CHUNK, bound - c0);
            exp(x, xo + c0, t, 0, len);
            for (int i = 0; i < len; i += L) {
                FloatVector a = FloatVector.fromArray(S, x, xo + c0 + i);
                FloatVector q = a.fma(INV_FACTORIAL[7], INV_FACTORIAL[6]).fma(a, f5).fma(a, f4).fma(a, f3).fma(a, f2)
                        .fma(a, f1).fma(a, f0);
                FloatVector series = q.fma(a.mul(a), a).blend(a, a.compare(VectorOperators.EQ, 0f)); // keeps -0
                FloatVector.fromArray(S, t, i).sub(1f)
                        .blend(series, a.abs().compare(VectorOperators.LT, EXPM1_SMALL)).intoArray(out, oo + c0 + i);
            }
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = expm1(x[xo + i]);
        }
    }

    /** out[oo + i] = log(1 + x[xo + i]), accurate near 0; out may be x. */
    public static void log1p(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = SCRATCH.get();
        int bound = S.loopBound(n);
        for (int c0 = 0; c0 < bound; c0 += CHUNK) {
            int len = Math.min(CHUNK, bound - c0);
            for (int i = 0; i < len; i += L) {
                FloatVector.fromArray(S, x, xo + c0 + i).add(1f).intoArray(t, i);
            }
            log(t, 0, t, 0, len);
            for (int i = 0; i < len; i += L) {
                // NOTE: log(u) * y / (u - 1) with u = 1 + y rounded cancels u's rounding error (Goldberg, 1991).
                FloatVector y = FloatVector.fromArray(S, x, xo + c0 + i);
                FloatVector u = y.add(1f);
                FloatVector.fromArray(S, t, i).mul(y.div(u.sub(1f)))
                        .blend(y, u.compare(VectorOperators.EQ, 1f).or(y.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY)))
                        .intoArray(out, oo + c0 + i);
            }
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = log1p(x[xo + i]);
        }
    }

    /** out[oo + i] = 1 / (1 + exp(-x[xo + i])); out may be x. */
    public static void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = SCRATCH.get();
        int bound = S.loopBound(n);
        for (int c0 = 0; c0 < bound; c0 += CHUNK) {
            int len = Math.min(CHUNK, bound - c0);
            for (int i = 0; i < len; i += L) {
                FloatVector.fromArray(S, x, xo + c0 + i).neg().intoArray(t, i);
            }
            exp(t, 0, t, 0, len);
            for (int i = 0; i < len; i += L) {
                FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, t, i).add(1f)).intoArray(out, oo + c0 + i);
            }
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = sigmoid(x[xo + i]);
        }
    }

    /** out[oo + i] = tanh(x[xo + i]); out may be x. */
    public static void tanh(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = SCRATCH.get();
        FloatVector t2 = FloatVector.broadcast(S, T2), t3 = FloatVector.broadcast(S, T3);
        FloatVector t4 = FloatVector.broadcast(S, T4);
        int bound = S.loopBound(n);
        for (int c0 = 0; c0 < bound; c0 += CHUNK) {
            int len = Math.min(CHUNK, bound - c0);
            for (int i = 0; i < len; i += L) {
                FloatVector.fromArray(S, x, xo + c0 + i).abs().mul(-2f).intoArray(t, i);
            }
            exp(t, 0, t, 0, len);
            for (int i = 0; i < len; i += L) {
                FloatVector a = FloatVector.fromArray(S, x, xo + c0 + i);
                FloatVector e = FloatVector.fromArray(S, t, i);
                FloatVector large = e.neg().add(1f).div(e.add(1f));
                large = large.blend(large.neg(), a.compare(VectorOperators.LT, 0f));
                FloatVector z = a.mul(a);
                FloatVector small = z.fma(T0, T1).fma(z, t2).fma(z, t3).fma(z, t4).mul(z).fma(a, a)
                        .blend(a, a.compare(VectorOperators.EQ, 0f)); // keeps -0
                large.blend(small, a.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(out, oo + c0 + i);
            }
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = tanh(x[xo + i]);
        }
    }

    /** The scalar twin of the vector exp: the same operations in the same order, so the same bits. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(c, LOG2E, ROUNDER);
        float k = t - ROUNDER;
        float r = Math.fma(k, -LN2_HI, c);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, E0, E1), r, E2), r, E3), r, E4), r, E5);
        p = Math.fma(p, r * r, r) + 1f;
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int k1 = ki >> 1;
        int k2 = ki - k1;
        return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k2 + 127) << 23);
    }

    /** The scalar twin of the vector log. */
    static float log(float x) {
        boolean subnormal = x < Float.MIN_NORMAL;
        float w = subnormal ? x * TWO_23 : x;
        int bits = Float.floatToRawIntBits(w);
        float e = (float) ((bits >>> 23) - 126);
        if (subnormal) {
            e = e - 23f;
        }
        float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f000000);
        boolean low = m < SQRT_HALF;
        if (low) {
            e = e - 1f;
        }
        float f = (low ? m + m : m) - 1f;
        float z = f * f;
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(f, LOG0, LOG1), f, LOG2), f, LOG3),
                f, LOG4), f, LOG5), f, LOG6), f, LOG7), f, LOG8);
        float y = q * f * z;
        y = Math.fma(e, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        float result = Math.fma(e, LN2_HI, f + y);
        if (x == 0f) {
            result = Float.NEGATIVE_INFINITY;
        }
        if (x < 0f) {
            result = Float.NaN;
        }
        return x == Float.POSITIVE_INFINITY || Float.isNaN(x) ? x : result;
    }

    /** The scalar twin of the vector expm1. */
    static float expm1(float x) {
        float q = Math.fma(x, INV_FACTORIAL[7], INV_FACTORIAL[6]);
        for (int d = 5; d >= 0; d--) {
            q = Math.fma(q, x, INV_FACTORIAL[d]);
        }
        float series = x == 0f ? x : Math.fma(q, x * x, x);
        return Math.abs(x) < EXPM1_SMALL ? series : exp(x) - 1f;
    }

    /** The scalar twin of the vector log1p. */
    static float log1p(float y) {
        float u = y + 1f;
        return u == 1f || y == Float.POSITIVE_INFINITY ? y : log(u) * (y / (u - 1f));
    }

    /** The scalar twin of the vector sigmoid. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    /** The scalar twin of the vector tanh. */
    static float tanh(float x) {
        if (Math.abs(x) < TANH_SMALL) {
            float z = x * x;
            return x == 0f ? x : Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, T0, T1), z, T2), z, T3), z, T4) * z, x, x);
        }
        float e = exp(Math.abs(x) * -2f);
        float large = (-e + 1f) / (e + 1f);
        return x < 0f ? -large : large;
    }
}

package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast two-operand elementwise kernels on float[]: one Vector API loop per function and stride pattern (both
 * operands read in order, or one of them a single value broadcast). Tested against ReferenceBinary.
 */
public final class FastBinary {
    private static final VectorSpecies<Float> S = FastUnary.S;

    private FastBinary() {}

    /** out[outOff + i] = f(a[aOff + i * aStep], b[bOff + i * bStep]) for i in [0, n); steps are 0 or 1. */
    public static void apply(BinaryKind kind, float[] a, int aOff, int aStep, float[] b, int bOff, int bStep,
                             float[] out, int outOff, int n) {
        Parallel.range(n, FastUnary.GRAIN, (from, to) -> applyRange(kind, a, aOff + from * aStep, aStep,
                b, bOff + from * bStep, bStep, out, outOff + from, to - from));
    }

    // NOTE: one loop per stride pattern, with a broadcast operand made once before it. A helper that chose between
    // a broadcast and a load inside the loop was sometimes not inlined by C2 (it had been compiled on its own first:
    // "already compiled into a medium method", seen for DIV in a char-LSTM run), and every vector then went through
    // the heap: 17-24x slower.
    private static void applyRange(BinaryKind kind, float[] a, int ao, int as, float[] b, int bo, int bs,
                                   float[] out, int oo, int n) {
        int done = 0;
        if (as == 1 && bs == 1) {
            done = dense(kind, a, ao, b, bo, out, oo, n);
        } else if (as == 1) {
            done = scalarRight(kind, a, ao, b[bo], out, oo, n);
        } else if (bs == 1) {
            done = scalarLeft(kind, a[ao], b, bo, out, oo, n);
        }
        for (int i = done; i < n; i++) {
            out[oo + i] = (float) ReferenceBinary.scalar(kind, a[ao + i * as], b[bo + i * bs]);
        }
    }

    /** f(a[ao + i], b[bo + i]). Returns how many leading elements it computed (a multiple of the vector length). */
    private static int dense(BinaryKind kind, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        int L = S.length();
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (kind) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case POW -> {
                // NOTE: all elements through the scalar loop of applyRange (Math.pow is one routine in every
                // execution mode; lanewise POW is another once compiled, so results would depend on JIT timing)
            }
            case EQ -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case NE -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case LT -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case LE -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case GT -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case GE -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GE, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case RELU_GRAD -> { for (; i < bound; i += L) zero.blend(FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i).compare(VectorOperators.GT, 0f)).intoArray(out, oo + i); }
        }
        return i;
    }

    /** f(a[ao + i], y). Returns how many leading elements it computed (a multiple of the vector length). */
    private static int scalarRight(BinaryKind kind, float[] a, int ao, float y, float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        int L = S.length();
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector yv = FloatVector.broadcast(S, y);
        switch (kind) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(yv).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(yv).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(yv).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(yv).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(yv).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(yv).intoArray(out, oo + i); }
            case POW -> {
                // NOTE: all elements through the scalar loop of applyRange (Math.pow is one routine in every
                // execution mode; lanewise POW is another once compiled, so results would depend on JIT timing)
            }
            case EQ -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, yv)).intoArray(out, oo + i); }
            case NE -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, yv)).intoArray(out, oo + i); }
            case LT -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, yv)).intoArray(out, oo + i); }
            case LE -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, yv)).intoArray(out, oo + i); }
            case GT -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, yv)).intoArray(out, oo + i); }
            case GE -> { for (; i < bound; i += L) zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GE, yv)).intoArray(out, oo + i); }
            case RELU_GRAD -> { for (; i < bound; i += L) zero.blend(FloatVector.fromArray(S, a, ao + i), yv.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i); }
        }
        return i;
    }

    /** f(x, b[bo + i]). Returns how many leading elements it computed (a multiple of the vector length). */
    private static int scalarLeft(BinaryKind kind, float x, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        int L = S.length();
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector xv = FloatVector.broadcast(S, x);
        switch (kind) {
            case ADD -> { for (; i < bound; i += L) xv.add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) xv.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) xv.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) xv.div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) xv.min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) xv.max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case POW -> {
                // NOTE: all elements through the scalar loop of applyRange (Math.pow is one routine in every
                // execution mode; lanewise POW is another once compiled, so results would depend on JIT timing)
            }
            case EQ -> { for (; i < bound; i += L) zero.blend(one, xv.compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case NE -> { for (; i < bound; i += L) zero.blend(one, xv.compare(VectorOperators.NE, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case LT -> { for (; i < bound; i += L) zero.blend(one, xv.compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case LE -> { for (; i < bound; i += L) zero.blend(one, xv.compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case GT -> { for (; i < bound; i += L) zero.blend(one, xv.compare(VectorOperators.GT, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case GE -> { for (; i < bound; i += L) zero.blend(one, xv.compare(VectorOperators.GE, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i); }
            case RELU_GRAD -> { for (; i < bound; i += L) zero.blend(xv, FloatVector.fromArray(S, b, bo + i).compare(VectorOperators.GT, 0f)).intoArray(out, oo + i); }
        }
        return i;
    }

    /** out[i] = cond[i] != 0 ? a[i] : b[i], all of length n. */
    public static void where(float[] cond, int cOff, float[] a, int aOff, float[] b, int bOff,
                             float[] out, int outOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector c = FloatVector.fromArray(S, cond, cOff + i);
            FloatVector.fromArray(S, b, bOff + i)
                    .blend(FloatVector.fromArray(S, a, aOff + i), c.compare(VectorOperators.NE, 0f))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = cond[cOff + i] != 0 ? a[aOff + i] : b[bOff + i];
        }
    }
}

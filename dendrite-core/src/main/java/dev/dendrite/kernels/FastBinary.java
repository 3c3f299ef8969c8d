// Fast two-operand elementwise kernels on float[]: one Vector API loop per function; a step of 0 broadcasts
// that operand's single value. Tested against ReferenceBinary.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class FastBinary {
    private static final VectorSpecies<Float> S = FastUnary.S;

    private FastBinary() {}

    /** out[outOff + i] = f(a[aOff + i * aStep], b[bOff + i * bStep]) for i in [0, n); steps are 0 or 1. */
    public static void apply(BinaryKind kind, float[] a, int aOff, int aStep, float[] b, int bOff, int bStep,
                             float[] out, int outOff, int n) {
        Parallel.range(n, FastUnary.GRAIN, (from, to) -> applyRange(kind, a, aOff + from * aStep, aStep,
                b, bOff + from * bStep, bStep, out, outOff + from, to - from));
    }

    private static void applyRange(BinaryKind kind, float[] a, int ao, int as, float[] b, int bo, int bs,
                                   float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        int L = S.length();
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (kind) {
            case ADD -> { for (; i < bound; i += L) v(a, ao, as, i).add(v(b, bo, bs, i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) v(a, ao, as, i).sub(v(b, bo, bs, i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) v(a, ao, as, i).mul(v(b, bo, bs, i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) v(a, ao, as, i).div(v(b, bo, bs, i)).intoArray(out, oo + i); }
            case POW -> {
                // NOTE: all elements through the scalar loop below (Math.pow is one routine in every execution
                // mode; lanewise POW is another once compiled, so results would depend on JIT timing)
            }
            case MIN -> { for (; i < bound; i += L) v(a, ao, as, i).min(v(b, bo, bs, i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) v(a, ao, as, i).max(v(b, bo, bs, i)).intoArray(out, oo + i); }
            case EQ -> { for (; i < bound; i += L) zero.blend(one, v(a, ao, as, i).compare(VectorOperators.EQ, v(b, bo, bs, i))).intoArray(out, oo + i); }
            case NE -> { for (; i < bound; i += L) zero.blend(one, v(a, ao, as, i).compare(VectorOperators.NE, v(b, bo, bs, i))).intoArray(out, oo + i); }
            case LT -> { for (; i < bound; i += L) zero.blend(one, v(a, ao, as, i).compare(VectorOperators.LT, v(b, bo, bs, i))).intoArray(out, oo + i); }
            case LE -> { for (; i < bound; i += L) zero.blend(one, v(a, ao, as, i).compare(VectorOperators.LE, v(b, bo, bs, i))).intoArray(out, oo + i); }
            case GT -> { for (; i < bound; i += L) zero.blend(one, v(a, ao, as, i).compare(VectorOperators.GT, v(b, bo, bs, i))).intoArray(out, oo + i); }
            case GE -> { for (; i < bound; i += L) zero.blend(one, v(a, ao, as, i).compare(VectorOperators.GE, v(b, bo, bs, i))).intoArray(out, oo + i); }
            case RELU_GRAD -> { for (; i < bound; i += L) zero.blend(v(a, ao, as, i), v(b, bo, bs, i).compare(VectorOperators.GT, 0f)).intoArray(out, oo + i); }
        }
        for (; i < n; i++) {
            out[oo + i] = (float) ReferenceBinary.scalar(kind, a[ao + i * as], b[bo + i * bs]);
        }
    }

    private static FloatVector v(float[] x, int off, int step, int i) {
        return step == 0 ? FloatVector.broadcast(S, x[off]) : FloatVector.fromArray(S, x, off + i);
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

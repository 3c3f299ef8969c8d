package dev.dendrite.kernels;

/**
 * Reference two-operand elementwise kernels in double precision. A step of 0 repeats that operand's single value (a
 * scalar broadcast); a step of 1 walks it.
 */
public final class ReferenceBinary {
    private ReferenceBinary() {}

    /** out[outOff + i] = f(a[aOff + i * aStep], b[bOff + i * bStep]) for i in [0, n). */
    public static void apply(BinaryKind kind, double[] a, int aOff, int aStep, double[] b, int bOff, int bStep,
                             double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = scalar(kind, a[aOff + i * aStep], b[bOff + i * bStep]);
        }
    }

    public static double scalar(BinaryKind kind, double x, double y) {
        return switch (kind) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            case MIN -> Math.min(x, y);
            case MAX -> Math.max(x, y);
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case RELU_GRAD -> y > 0 ? x : 0;
        };
    }

    /** out[i] = cond[i] != 0 ? a[i] : b[i], all of length n. */
    public static void where(double[] cond, int cOff, double[] a, int aOff, double[] b, int bOff,
                             double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = cond[cOff + i] != 0 ? a[aOff + i] : b[bOff + i];
        }
    }
}

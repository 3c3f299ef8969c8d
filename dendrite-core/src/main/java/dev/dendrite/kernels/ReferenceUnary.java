package dev.dendrite.kernels;

/**
 * Reference elementwise kernels: double precision, scalar loops, obviously right. They define the result the fast
 * kernels are tested against, and they run every FLOAT64 tensor op.
 */
public final class ReferenceUnary {
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ReferenceUnary() {}

    /** out[outOff + i] = f(x[xOff + i]) for i in [0, n). */
    public static void apply(UnaryKind kind, double p, double q, double[] x, int xOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = scalar(kind, p, q, x[xOff + i]);
        }
    }

    /** The function itself on one value. */
    public static double scalar(UnaryKind kind, double p, double q, double v) {
        return switch (kind) {
            case NEG -> -v;
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case SQRT -> Math.sqrt(v);
            case RSQRT -> 1 / Math.sqrt(v);
            case ABS -> Math.abs(v);
            case SIGN -> Math.signum(v);
            case RECIPROCAL -> 1 / v;
            case POW -> Math.pow(v, p);
            case CLAMP -> Math.min(Math.max(v, p), q);
            case CLAMP_GRAD -> v >= p && v <= q ? 1 : 0;
            case STEP -> v > 0 ? 1 : 0;
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case TANH -> Math.tanh(v);
            case RELU -> v > 0 ? v : 0;
            case LEAKY_RELU -> v > 0 ? v : p * v;
            case LEAKY_RELU_GRAD -> v > 0 ? 1 : p;
            case ELU -> v > 0 ? v : p * Math.expm1(v);
            case ELU_GRAD -> v > 0 ? 1 : p * Math.exp(v);
            case GELU -> 0.5 * v * (1 + Erf.erf(v * INV_SQRT_2));
            case GELU_GRAD -> 0.5 * (1 + Erf.erf(v * INV_SQRT_2)) + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
            case SOFTPLUS -> v > 20 ? v : Math.log1p(Math.exp(v));
        };
    }
}

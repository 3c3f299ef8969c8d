package dev.dendrite.kernels;

/**
 * Reference reductions in double precision over a contiguous block viewed as (outer, R, inner): out[o * inner + i]
 * = reduce over r of x[off + (o * R + r) * inner + i]. NaN wins max/min, as in PyTorch.
 */
public final class ReferenceReduce {
    private ReferenceReduce() {}

    public static void apply(ReduceKind kind, double[] x, int off, int outer, int r, int inner, double[] out) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = off + o * r * inner + i;
                out[o * inner + i] = switch (kind) {
                    case SUM -> {
                        double s = 0;
                        for (int k = 0; k < r; k++) s += x[base + k * inner];
                        yield s;
                    }
                    case MAX, MIN -> {
                        double m = x[base];
                        for (int k = 1; k < r; k++) m = pick(kind == ReduceKind.MAX, m, x[base + k * inner]);
                        yield m;
                    }
                    case ARGMAX, ARGMIN -> {
                        int best = 0;
                        double m = x[base];
                        for (int k = 1; k < r && !Double.isNaN(m); k++) {
                            double v = x[base + k * inner];
                            if (Double.isNaN(v) || (kind == ReduceKind.ARGMAX ? v > m : v < m)) {
                                m = v;
                                best = k;
                            }
                        }
                        yield best;
                    }
                };
            }
        }
    }

    private static double pick(boolean max, double m, double v) {
        return max ? Math.max(m, v) : Math.min(m, v);
    }
}

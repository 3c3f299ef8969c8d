package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float reductions over a contiguous block viewed as (outer, R, inner), split over outputs (or, for a single
 * output, over fixed-size blocks of R combined in order), so the result does not depend on thread timing. Max and
 * min propagate NaN (Math.max semantics, as PyTorch).
 */
public final class FastReduce {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int BLOCK = 1 << 14;

    private FastReduce() {}

    public static void apply(ReduceKind kind, float[] x, int off, int outer, int r, int inner, float[] out) {
        if (kind == ReduceKind.ARGMAX || kind == ReduceKind.ARGMIN) {
            argReduce(kind, x, off, outer, r, inner, out);
            return;
        }
        if (inner == 1 && outer == 1) {
            out[0] = reduceLong(kind, x, off, r);
            return;
        }
        int outputs = outer * inner;
        int grain = Math.max(1, FastUnary.GRAIN / Math.max(r, 1));
        if (inner == 1) {
            Parallel.range(outer, grain, (from, to) -> {
                for (int o = from; o < to; o++) {
                    out[o] = reduceRow(kind, x, off + o * r, r);
                }
            });
        } else {
            Parallel.range(outputs, grain, (from, to) -> {
                for (int o = from / inner; o <= (to - 1) / inner; o++) {
                    int i0 = Math.max(from, o * inner) - o * inner;
                    int i1 = Math.min(to, (o + 1) * inner) - o * inner;
                    reduceColumns(kind, x, off + o * r * inner, r, inner, i0, i1, out, o * inner);
                }
            });
        }
    }

    /** Reduces one long contiguous run in fixed blocks, combining block results in order. */
    private static float reduceLong(ReduceKind kind, float[] x, int off, int n) {
        int blocks = Math.max(1, (n + BLOCK - 1) / BLOCK);
        float[] partial = new float[blocks];
        Parallel.range(blocks, Math.max(1, FastUnary.GRAIN / BLOCK), (from, to) -> {
            for (int b = from; b < to; b++) {
                int start = b * BLOCK;
                partial[b] = reduceRow(kind, x, off + start, Math.min(BLOCK, n - start));
            }
        });
        if (n == 0) {
            return identity(kind);
        }
        float acc = partial[0];
        for (int b = 1; b < blocks; b++) {
            acc = combine(kind, acc, partial[b]);
        }
        return acc;
    }

    private static float identity(ReduceKind kind) {
        if (kind == ReduceKind.SUM) {
            return 0f;
        }
        throw new IllegalArgumentException("reduction of an empty range has no " + kind);
    }

    private static float combine(ReduceKind kind, float a, float b) {
        return switch (kind) {
            case SUM -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalStateException(kind.name());
        };
    }

    private static float reduceRow(ReduceKind kind, float[] x, int off, int n) {
        if (n == 0) {
            return identity(kind);
        }
        int L = S.length();
        int bound = S.loopBound(n);
        int i = 0;
        float acc;
        switch (kind) {
            case SUM -> {
                FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
                for (; i + 2 * L <= bound; i += 2 * L) {
                    a0 = a0.add(FloatVector.fromArray(S, x, off + i));
                    a1 = a1.add(FloatVector.fromArray(S, x, off + i + L));
                }
                for (; i < bound; i += L) a0 = a0.add(FloatVector.fromArray(S, x, off + i));
                acc = Lanes.sum(a0.add(a1));
                for (; i < n; i++) acc += x[off + i];
            }
            case MAX, MIN -> {
                boolean max = kind == ReduceKind.MAX;
                FloatVector m = FloatVector.broadcast(S, x[off]);
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, off + i);
                    m = max ? m.max(v) : m.min(v);
                }
                acc = m.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
                for (; i < n; i++) acc = combine(kind, acc, x[off + i]);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return acc;
    }

    private static void reduceColumns(ReduceKind kind, float[] x, int base, int r, int inner, int i0, int i1,
                                      float[] out, int outOff) {
        if (r == 0) {
            for (int i = i0; i < i1; i++) out[outOff + i] = identity(kind);
            return;
        }
        for (int i = i0; i < i1; i++) {
            out[outOff + i] = x[base + i];
        }
        int L = S.length();
        for (int k = 1; k < r; k++) {
            int row = base + k * inner;
            int i = i0;
            for (; i + L <= i1; i += L) {
                FloatVector acc = FloatVector.fromArray(S, out, outOff + i);
                FloatVector v = FloatVector.fromArray(S, x, row + i);
                acc = switch (kind) {
                    case SUM -> acc.add(v);
                    case MAX -> acc.max(v);
                    default -> acc.min(v);
                };
                acc.intoArray(out, outOff + i);
            }
            for (; i < i1; i++) {
                out[outOff + i] = combine(kind, out[outOff + i], x[row + i]);
            }
        }
    }

    private static void argReduce(ReduceKind kind, float[] x, int off, int outer, int r, int inner, float[] out) {
        boolean max = kind == ReduceKind.ARGMAX;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = off + o * r * inner + i;
                int best = 0;
                float m = x[base];
                for (int k = 1; k < r && !Float.isNaN(m); k++) {
                    float v = x[base + k * inner];
                    if (Float.isNaN(v) || (max ? v > m : v < m)) {
                        m = v;
                        best = k;
                    }
                }
                out[o * inner + i] = best;
            }
        }
    }
}

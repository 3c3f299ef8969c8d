package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float layer normalisation over the rows of a contiguous (rows, n) block. Forward: mean and variance by two
 * Vector API passes (stable for large means), then y = (x - mean) * rstd * w + b in a third; the per-row mean and
 * rstd are kept for backward. Backward: dx = rstd (g - mean(g) - xhat mean(g xhat)) with g = dy w; dw and db sum
 * over rows in fixed chunks of {@link #CHUNK} rows added in chunk order, so the bits do not depend on the thread
 * count.
 */
public final class FastLayerNorm {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    static final int CHUNK = 64;

    private FastLayerNorm() {}

    /** w and b may be null (no affine); mean and rstd receive one value per row. */
    public static void forward(float[] x, int xo, int rows, int n, float[] w, int wo, float[] b, int bo, float eps,
                               float[] y, float[] mean, float[] rstd) {
        int grain = Math.max(1, FastUnary.GRAIN / Math.max(n, 1));
        Parallel.range(rows, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                int xr = xo + r * n;
                int yr = r * n;
                float m = sum(x, xr, n) / n;
                float var = squaredDeviation(x, xr, n, m) / n;
                float s = (float) (1.0 / Math.sqrt(var + eps));
                mean[r] = m;
                rstd[r] = s;
                int bound = S.loopBound(n);
                int i = 0;
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xr + i).sub(m).mul(s);
                    if (w != null) v = v.mul(FloatVector.fromArray(S, w, wo + i));
                    if (b != null) v = v.add(FloatVector.fromArray(S, b, bo + i));
                    v.intoArray(y, yr + i);
                }
                for (; i < n; i++) {
                    float v = (x[xr + i] - m) * s;
                    if (w != null) v *= w[wo + i];
                    if (b != null) v += b[bo + i];
                    y[yr + i] = v;
                }
            }
        });
    }

    private static float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i));
        float tail = 0f;
        for (; i < n; i++) tail += x[off + i];
        return Lanes.sum(acc) + tail;
    }

    private static float squaredDeviation(float[] x, int off, int n, float centre) {
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(centre);
            acc = d.fma(d, acc);
        }
        float tail = 0f;
        for (; i < n; i++) tail += (x[off + i] - centre) * (x[off + i] - centre);
        return Lanes.sum(acc) + tail;
    }

    /**
     * dx (may be null), and dw, db (null without affine; overwritten) from dy (contiguous (rows, n) at dyo), the
     * input and the saved per-row mean and rstd.
     */
    public static void backward(float[] x, int xo, int rows, int n, float[] w, int wo, float[] mean, float[] rstd,
                                float[] dy, int dyo, float[] dx, float[] dw, float[] db) {
        int chunks = (rows + CHUNK - 1) / CHUNK;
        float[][] partial = dw == null ? null : new float[chunks][2 * n];
        int grain = Math.max(1, FastUnary.GRAIN / Math.max(n * CHUNK, 1));
        Parallel.range(chunks, grain, (from, to) -> {
            float[] g = new float[n];
            for (int c = from; c < to; c++) {
                for (int r = c * CHUNK; r < Math.min(rows, (c + 1) * CHUNK); r++) {
                    row(x, xo + r * n, n, w, wo, mean[r], rstd[r], dy, dyo + r * n, dx, r * n, g,
                            partial == null ? null : partial[c]);
                }
            }
        });
        if (partial != null) {
            java.util.Arrays.fill(dw, 0, n, 0f);
            java.util.Arrays.fill(db, 0, n, 0f);
            for (float[] p : partial) {
                for (int i = 0; i < n; i++) {
                    dw[i] += p[i];
                    db[i] += p[n + i];
                }
            }
        }
    }

    /** One row: g = dy w into the scratch, dx from its two means, and dw, db partial sums. */
    private static void row(float[] x, int xr, int n, float[] w, int wo, float m, float s, float[] dy, int dr,
                            float[] dx, int dxr, float[] g, float[] partial) {
        int bound = S.loopBound(n);
        FloatVector sumG = FloatVector.zero(S);
        FloatVector sumGx = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, dy, dr + i);
            FloatVector xhat = FloatVector.fromArray(S, x, xr + i).sub(m).mul(s);
            if (partial != null) {
                xhat.fma(d, FloatVector.fromArray(S, partial, i)).intoArray(partial, i);
                d.add(FloatVector.fromArray(S, partial, n + i)).intoArray(partial, n + i);
            }
            FloatVector gi = w == null ? d : d.mul(FloatVector.fromArray(S, w, wo + i));
            gi.intoArray(g, i);
            sumG = sumG.add(gi);
            sumGx = gi.fma(xhat, sumGx);
        }
        float tailG = 0f;
        float tailGx = 0f;
        for (; i < n; i++) {
            float xhat = (x[xr + i] - m) * s;
            if (partial != null) {
                partial[i] += xhat * dy[dr + i];
                partial[n + i] += dy[dr + i];
            }
            float gi = w == null ? dy[dr + i] : dy[dr + i] * w[wo + i];
            g[i] = gi;
            tailG += gi;
            tailGx += gi * xhat;
        }
        if (dx == null) {
            return;
        }
        float a = (Lanes.sum(sumG) + tailG) / n;
        float c = (Lanes.sum(sumGx) + tailGx) / n;
        for (i = 0; i < bound; i += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xr + i).sub(m).mul(s);
            FloatVector.fromArray(S, g, i).sub(a).sub(xhat.mul(c)).mul(s).intoArray(dx, dxr + i);
        }
        for (; i < n; i++) {
            float xhat = (x[xr + i] - m) * s;
            dx[dxr + i] = (g[i] - a - xhat * c) * s;
        }
    }
}

package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling (dilation 1) over the planes of a contiguous (planes, H, W) block: each output takes the largest
 * element of the part of its window inside the image (padding never wins; NaN does, as in PyTorch) and remembers
 * where it was, so backward sends each output's gradient to that element (the first maximum on ties, as PyTorch).
 */
public final class MaxPool {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();

    private MaxPool() {}

    /** out[plane, oh, ow] = max over the window; argmax gets the flat input index within the plane. */
    public static void forward(Unfold.Geometry g, int planes, float[] x, int xOff, float[] out, int[] argmax) {
        int plane = g.h() * g.w();
        int outPlane = g.outH() * g.outW();
        // The window part inside the image, per output row and column: rows ih0[oh] .. ih1[oh], columns iw0 .. iw1.
        int[] ih0 = new int[g.outH()];
        int[] ih1 = new int[g.outH()];
        int[] iw0 = new int[g.outW()];
        int[] iw1 = new int[g.outW()];
        for (int oh = 0; oh < g.outH(); oh++) {
            int start = oh * g.sh() - g.padTop();
            ih0[oh] = Math.max(start, 0);
            ih1[oh] = Math.min(start + g.kh(), g.h());
        }
        for (int ow = 0; ow < g.outW(); ow++) {
            int start = ow * g.sw() - g.padLeft();
            iw0[ow] = Math.max(start, 0);
            iw1[ow] = Math.min(start + g.kw(), g.w());
        }
        boolean pairs = g.kh() == 2 && g.kw() == 2 && g.sh() == 2 && g.sw() == 2 && g.padTop() == 0
                && g.padLeft() == 0 && 2 * g.outH() <= g.h() && 2 * g.outW() <= g.w();
        boolean threeByThree = g.kh() == 3 && g.kw() == 3;
        Parallel.range(planes, Math.max(1, 4096 / Math.max(outPlane, 1)), (from, to) -> {
            if (pairs) {
                forward2x2(g, from, to, x, xOff, out, argmax);
                return;
            }
            // Planes [from, acrossTo) have their whole 3 x 3 windows done L planes at a time, in the lanes.
            int acrossTo = from;
            for (int p = from; p < to; p++) {
                if (threeByThree && p >= acrossTo && p + L <= to) {
                    acrossPlanes(g, p, x, xOff, out, argmax, ih0, ih1, iw0, iw1);
                    acrossTo = p + L;
                }
                boolean across = p < acrossTo;
                int base = xOff + p * plane;
                int o = p * outPlane;
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++, o++) {
                        if (threeByThree && ih1[oh] - ih0[oh] == 3 && iw1[ow] - iw0[ow] == 3) {
                            if (across) {
                                continue;
                            }
                            whole3x3(x, base, ih0[oh] * g.w() + iw0[ow], g.w(), out, argmax, o);
                            continue;
                        }
                        int where = ih0[oh] * g.w() + iw0[ow];
                        float best = x[base + where];
                        for (int ih = ih0[oh]; ih < ih1[oh]; ih++) {
                            int row = ih * g.w();
                            for (int iw = iw0[ow]; iw < iw1[ow]; iw++) {
                                float v = x[base + row + iw];
                                if (v > best || v != v) {
                                    best = v;
                                    where = row + iw;
                                }
                            }
                        }
                        out[o] = best;
                        argmax[o] = where;
                    }
                }
            }
        });
    }

    /**
     * The maxima alone, for calls that record no gradient (inference): for each output row the window's rows are
     * reduced to one row of column maxima (vectors along the row), then each window's columns from that row (vectors
     * of consecutive window starts, with the padding as -infinity, which never wins over an element of the image).
     * NaN wins, as in {@link #forward}.
     */
    public static void forwardValues(Unfold.Geometry g, int planes, float[] x, int xOff, float[] out) {
        int w = g.w();
        int plane = g.h() * w;
        int outW = g.outW();
        int outPlane = g.outH() * outW;
        int starts = (outW - 1) * g.sw() + 1; // window starts, in padded columns, that some output uses
        int padded = Math.max(g.padLeft() + w, starts + g.kw() - 1) + L; // room for the last vector's loads
        Parallel.range(planes, Math.max(1, 4096 / Math.max(outPlane, 1)), (from, to) -> {
            float[] column = new float[padded];
            float[] window = new float[starts + L];
            java.util.Arrays.fill(column, Float.NEGATIVE_INFINITY);
            for (int p = from; p < to; p++) {
                int base = xOff + p * plane;
                int o = p * outPlane;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int top = Math.max(oh * g.sh() - g.padTop(), 0);
                    int bottom = Math.min(oh * g.sh() - g.padTop() + g.kh(), g.h());
                    for (int j = 0; j < w; j += L) {
                        var inRow = S.indexInRange(j, w);
                        int at = base + top * w + j;
                        FloatVector m = FloatVector.fromArray(S, x, at, inRow);
                        for (int r = top + 1; r < bottom; r++) {
                            at += w;
                            m = m.max(FloatVector.fromArray(S, x, at, inRow));
                        }
                        m.intoArray(column, g.padLeft() + j, inRow);
                    }
                    for (int i = 0; i < starts; i += L) {
                        FloatVector m = FloatVector.fromArray(S, column, i);
                        for (int k = 1; k < g.kw(); k++) m = m.max(FloatVector.fromArray(S, column, i + k));
                        m.intoArray(window, i);
                    }
                    for (int ow = 0; ow < outW; ow++) out[o++] = window[ow * g.sw()];
                }
            }
        });
    }

    /**
     * The whole 3 x 3 windows of planes p0 .. p0 + L - 1, one plane in each lane (gathers and scatters at the plane
     * strides): the first maximum by selects from the last candidate back; a window with a NaN in some plane goes
     * through {@link #whole3x3} for each plane.
     */
    private static void acrossPlanes(Unfold.Geometry g, int p0, float[] x, int xOff, float[] out, int[] argmax,
                                     int[] ih0, int[] ih1, int[] iw0, int[] iw1) {
        int w = g.w();
        int plane = g.h() * w;
        int outPlane = g.outH() * g.outW();
        int[] in = new int[L];
        int[] to = new int[L];
        for (int j = 0; j < L; j++) {
            in[j] = j * plane;
            to[j] = j * outPlane;
        }
        int base = xOff + p0 * plane;
        int first = p0 * outPlane;
        for (int oh = 0; oh < g.outH(); oh++) {
            if (ih1[oh] - ih0[oh] != 3) {
                continue;
            }
            for (int ow = 0; ow < g.outW(); ow++) {
                if (iw1[ow] - iw0[ow] != 3) {
                    continue;
                }
                int corner = ih0[oh] * w + iw0[ow];
                int at = base + corner;
                int o = first + oh * g.outW() + ow;
                FloatVector a0 = FloatVector.fromArray(S, x, at, in, 0);
                FloatVector a1 = FloatVector.fromArray(S, x, at + 1, in, 0);
                FloatVector a2 = FloatVector.fromArray(S, x, at + 2, in, 0);
                FloatVector a3 = FloatVector.fromArray(S, x, at + w, in, 0);
                FloatVector a4 = FloatVector.fromArray(S, x, at + w + 1, in, 0);
                FloatVector a5 = FloatVector.fromArray(S, x, at + w + 2, in, 0);
                FloatVector a6 = FloatVector.fromArray(S, x, at + 2 * w, in, 0);
                FloatVector a7 = FloatVector.fromArray(S, x, at + 2 * w + 1, in, 0);
                FloatVector a8 = FloatVector.fromArray(S, x, at + 2 * w + 2, in, 0);
                FloatVector best = a0.max(a1).max(a2.max(a3)).max(a4.max(a5).max(a6.max(a7).max(a8)));
                if (best.test(VectorOperators.IS_NAN).anyTrue()) {
                    for (int j = 0; j < L; j++) whole3x3(x, base + j * plane, corner, w, out, argmax, o + j * outPlane);
                    continue;
                }
                IntVector where = IntVector.broadcast(I, 2 * w + 2);
                where = where.blend(2 * w + 1, a7.eq(best).cast(I));
                where = where.blend(2 * w, a6.eq(best).cast(I));
                where = where.blend(w + 2, a5.eq(best).cast(I));
                where = where.blend(w + 1, a4.eq(best).cast(I));
                where = where.blend(w, a3.eq(best).cast(I));
                where = where.blend(2, a2.eq(best).cast(I));
                where = where.blend(1, a1.eq(best).cast(I));
                where = where.blend(0, a0.eq(best).cast(I));
                best.intoArray(out, o, to, 0);
                where.add(corner).intoArray(argmax, o, to, 0);
            }
        }
    }

    /** The window wholly inside the plane at x[base..] with its corner at offset corner, into out[o] and argmax[o]. */
    private static void whole3x3(float[] x, int base, int corner, int w, float[] out, int[] argmax, int o) {
        int found = max3x3(x, base + corner, w);
        out[o] = x[base + corner + found];
        argmax[o] = corner + found;
    }

    /**
     * The offset (row * w + column) of the first maximum of the 3 x 3 window at x[at..] (the last NaN when there is
     * one, as the general loop): nine loads and selects, no branches, for windows wholly inside the image.
     */
    private static int max3x3(float[] x, int at, int w) {
        float a0 = x[at], a1 = x[at + 1], a2 = x[at + 2];
        float a3 = x[at + w], a4 = x[at + w + 1], a5 = x[at + w + 2];
        float a6 = x[at + 2 * w], a7 = x[at + 2 * w + 1], a8 = x[at + 2 * w + 2];
        float best = Math.max(Math.max(Math.max(a0, a1), Math.max(a2, a3)),
                Math.max(Math.max(a4, a5), Math.max(Math.max(a6, a7), a8))); // NaN if any is NaN
        if (best != best) {
            return a8 != a8 ? 2 * w + 2 : a7 != a7 ? 2 * w + 1 : a6 != a6 ? 2 * w : a5 != a5 ? w + 2
                    : a4 != a4 ? w + 1 : a3 != a3 ? w : a2 != a2 ? 2 : a1 != a1 ? 1 : 0;
        }
        // The first maximum: one exit taken per window (selects from the last candidate back measured 9 % slower).
        int where = 2 * w + 2;
        if (a0 == best) where = 0;
        else if (a1 == best) where = 1;
        else if (a2 == best) where = 2;
        else if (a3 == best) where = w;
        else if (a4 == best) where = w + 1;
        else if (a5 == best) where = w + 2;
        else if (a6 == best) where = 2 * w;
        else if (a7 == best) where = 2 * w + 1;
        return where;
    }

    /** The common 2x2 window at stride 2 with every window inside the image: four loads, no bounds, no branches. */
    private static void forward2x2(Unfold.Geometry g, int from, int to, float[] x, int xOff, float[] out, int[] argmax) {
        int w = g.w();
        int plane = g.h() * w;
        int outPlane = g.outH() * g.outW();
        for (int p = from; p < to; p++) {
            int base = xOff + p * plane;
            int o = p * outPlane;
            for (int oh = 0; oh < g.outH(); oh++) {
                int r0 = 2 * oh * w;
                for (int ow = 0; ow < g.outW(); ow++, o++) {
                    int i = base + r0 + 2 * ow;
                    float a0 = x[i];
                    float a1 = x[i + 1];
                    float a2 = x[i + w];
                    float a3 = x[i + w + 1];
                    float best = Math.max(Math.max(a0, a1), Math.max(a2, a3)); // NaN if any is NaN
                    // The first maximum by selects from the last candidate back: branches here would be a coin toss
                    // on real activations (measured 5x slower).
                    int where = w + 1;
                    where = a2 == best ? w : where;
                    where = a1 == best ? 1 : where;
                    where = a0 == best ? 0 : where;
                    if (best != best) {
                        where = a0 != a0 ? 0 : a1 != a1 ? 1 : a2 != a2 ? w : w + 1;
                    }
                    where += r0 + 2 * ow;
                    out[o] = best;
                    argmax[o] = where;
                }
            }
        }
    }

    public static void forward(Unfold.Geometry g, int planes, double[] x, int xOff, double[] out, int[] argmax) {
        int plane = g.h() * g.w();
        int outPlane = g.outH() * g.outW();
        for (int p = 0; p < planes; p++) {
            int base = xOff + p * plane;
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int where = -1;
                    for (int ki = 0; ki < g.kh(); ki++) {
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                            int iw = ow * g.sw() - g.padLeft() + kj * g.dw();
                            if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) continue;
                            double v = x[base + ih * g.w() + iw];
                            if (where < 0 || v > best || v != v) {
                                best = v;
                                where = ih * g.w() + iw;
                            }
                        }
                    }
                    int o = p * outPlane + oh * g.outW() + ow;
                    out[o] = best;
                    argmax[o] = where;
                }
            }
        }
    }

    /** gx[plane, argmax] += gy[plane, o] for every output o. */
    public static void backward(int planes, int plane, int outPlane, float[] gy, int gyOff, int[] argmax, float[] gx) {
        Parallel.range(planes, Math.max(1, 4096 / Math.max(outPlane, 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int o = 0; o < outPlane; o++) {
                    gx[p * plane + argmax[p * outPlane + o]] += gy[gyOff + p * outPlane + o];
                }
            }
        });
    }

    public static void backward(int planes, int plane, int outPlane, double[] gy, int gyOff, int[] argmax, double[] gx) {
        for (int p = 0; p < planes; p++) {
            for (int o = 0; o < outPlane; o++) {
                gx[p * plane + argmax[p * outPlane + o]] += gy[gyOff + p * outPlane + o];
            }
        }
    }
}

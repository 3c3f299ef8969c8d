package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col and its adjoint col2im for 2-d windows: unfold copies every (channel, ki, kj) window element of every
 * output position into a (C * kH * kW, outH * outW) matrix per image, so a convolution becomes one GEMM. Positions
 * in the padding read {@code padValue}. fold adds such a matrix back into image positions. The float versions copy
 * rows narrower than a vector at column stride 1 from a padded plane ({@link PaddedPlane}), split other output rows
 * into the part over the image (a block copy at stride 1, every other element picked or added by vector permutes
 * at stride 2) and the padding on either side, or, for larger strides and narrow stride-2 rows where those copies
 * are a few elements each, walk a per-geometry map from every window element to its offset in a channel plane; the
 * double versions are the plain per-element reference.
 */
public final class Unfold {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    /** Lane i holds 2i: picks the even elements of two consecutive vectors. */
    private static final FloatVector EVENS = FloatVector.zero(S).addIndex(2);
    /** Lane i takes element i / 2 (low half) or L / 2 + i / 2 (high half): spreads a vector over even lanes. */
    private static final VectorShuffle<Float> SPREAD_LOW = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> SPREAD_HIGH = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
    private static final VectorMask<Float> EVEN_LANES = VectorMask.fromLong(S, 0x5555_5555_5555_5555L);
    /**
     * Below this output width at column stride 2, or at column strides above 2, the float versions walk the map
     * (at stride 2 even a row narrower than a vector is one permute).
     */
    private static final int STRIDED_WIDTH = 8;
    /** The last geometry's offset map, per thread. */
    private static final ThreadLocal<OffsetMap> MAPS = new ThreadLocal<>();
    /** Each thread's padded channel plane, for narrow rows. */
    private static final Scratch PADDED = new Scratch();

    private Unfold() {}

    /**
     * For every kernel tap t and output position p, offsets[t * outH * outW + p]: the offset of the input element in
     * its channel plane, or -1 in the padding.
     */
    private record OffsetMap(Geometry geometry, int[] offsets) {
        static int[] of(Geometry g) {
            OffsetMap cached = MAPS.get();
            if (cached != null && cached.geometry.equals(g)) {
                return cached.offsets;
            }
            int l = g.cols();
            int[] offsets = new int[g.kh() * g.kw() * l];
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int base = (ki * g.kw() + kj) * l;
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                        for (int ow = 0; ow < g.outW(); ow++) {
                            int iw = ow * g.sw() - g.padLeft() + kj * g.dw();
                            boolean inside = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w();
                            offsets[base + oh * g.outW() + ow] = inside ? ih * g.w() + iw : -1;
                        }
                    }
                }
            }
            MAPS.set(new OffsetMap(g, offsets));
            return offsets;
        }
    }

    private static boolean mapped(Geometry g) {
        return g.sw() > 2 || g.sw() == 2 && g.outW() < STRIDED_WIDTH;
    }

    /**
     * out[to + i] = x[from + 2 i] for i in [0, n): two vector loads and one two-vector permute per L elements; a
     * partial last vector is redone as the last L elements, overlapping the one before.
     */
    private static void evenElements(float[] x, int from, float[] out, int to, int n) {
        if (from + 2 * Math.max(n, L) > x.length) {
            for (int i = 0; i < n; i++) {
                out[to + i] = x[from + 2 * i];
            }
            return;
        }
        if (n < L) {
            EVENS.selectFrom(FloatVector.fromArray(S, x, from), FloatVector.fromArray(S, x, from + L))
                    .intoArray(out, to, S.indexInRange(0, n));
            return;
        }
        for (int i = 0; i < n; i += L) {
            int at = Math.min(i, n - L);
            EVENS.selectFrom(FloatVector.fromArray(S, x, from + 2 * at), FloatVector.fromArray(S, x, from + 2 * at + L))
                    .intoArray(out, to + at);
        }
    }

    /**
     * x[to + 2 i] += cols[from + i] for i in [0, n): L column values at a time spread over even lanes and stored under
     * a mask, the rest one by one (partial vectors cost more than they saved on 14-wide rows).
     */
    private static void addToEvenElements(float[] cols, int from, float[] x, int to, int n) {
        int i = 0;
        for (; i + L <= n && to + 2 * (i + L) <= x.length; i += L) {
            FloatVector c = FloatVector.fromArray(S, cols, from + i);
            int at = to + 2 * i;
            // Masked stores: the odd lanes may belong to an image another thread adds to.
            FloatVector.fromArray(S, x, at).add(c.rearrange(SPREAD_LOW)).intoArray(x, at, EVEN_LANES);
            FloatVector.fromArray(S, x, at + L).add(c.rearrange(SPREAD_HIGH)).intoArray(x, at + L, EVEN_LANES);
        }
        for (; i < n; i++) {
            x[to + 2 * i] += cols[from + i];
        }
    }

    /** im2col of rows narrower than a vector at column stride 1: each plane padded once, one masked copy a row. */
    private static void unfoldNarrow(Geometry g, float[] x, int xOff, float[] cols, int cOff, int ldc,
                                     float padValue) {
        float[] plane = PADDED.floats(PaddedPlane.size(g));
        var row = PaddedPlane.rowMask(g);
        for (int c = 0; c < g.channels(); c++) {
            PaddedPlane.load(g, x, xOff + c * g.h() * g.w(), padValue, plane);
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int dst = cOff + ((c * g.kh() + ki) * g.kw() + kj) * ldc;
                    for (int oh = 0; oh < g.outH(); oh++) {
                        PaddedPlane.copyRun(plane, PaddedPlane.run(g, oh, ki, kj), cols, dst + oh * g.outW(), row);
                    }
                }
            }
        }
    }

    /** col2im of rows narrower than a vector at column stride 1: masked adds into a zeroed padded plane. */
    private static void foldNarrow(Geometry g, float[] cols, int cOff, int ldc, float[] x, int xOff) {
        float[] plane = PADDED.floats(PaddedPlane.size(g));
        var row = PaddedPlane.rowMask(g);
        for (int c = 0; c < g.channels(); c++) {
            java.util.Arrays.fill(plane, 0, PaddedPlane.size(g), 0f);
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int src = cOff + ((c * g.kh() + ki) * g.kw() + kj) * ldc;
                    for (int oh = 0; oh < g.outH(); oh++) {
                        PaddedPlane.addRun(cols, src + oh * g.outW(), plane, PaddedPlane.run(g, oh, ki, kj), row);
                    }
                }
            }
            PaddedPlane.addTo(g, plane, x, xOff + c * g.h() * g.w());
        }
    }

    private static void unfoldMapped(Geometry g, float[] x, int xOff, float[] cols, int cOff, int ldc, float padValue) {
        int[] offsets = OffsetMap.of(g);
        int taps = g.kh() * g.kw();
        int l = g.cols();
        int plane = g.h() * g.w();
        for (int c = 0; c < g.channels(); c++) {
            int src = xOff + c * plane;
            for (int t = 0; t < taps; t++) {
                int dst = cOff + (c * taps + t) * ldc;
                int map = t * l;
                for (int p = 0; p < l; p++) {
                    int o = offsets[map + p];
                    cols[dst + p] = o < 0 ? padValue : x[src + o];
                }
            }
        }
    }

    private static void foldMapped(Geometry g, float[] cols, int cOff, int ldc, float[] x, int xOff) {
        int[] offsets = OffsetMap.of(g);
        int taps = g.kh() * g.kw();
        int l = g.cols();
        int plane = g.h() * g.w();
        for (int c = 0; c < g.channels(); c++) {
            int dst = xOff + c * plane;
            for (int t = 0; t < taps; t++) {
                int src = cOff + (c * taps + t) * ldc;
                int map = t * l;
                for (int p = 0; p < l; p++) {
                    int o = offsets[map + p];
                    if (o >= 0) {
                        x[dst + o] += cols[src + p];
                    }
                }
            }
        }
    }

    /** Window geometry: kernel, stride, dilation, padding before (top/left), output size, per spatial dim. */
    public record Geometry(int channels, int h, int w, int kh, int kw, int sh, int sw, int dh, int dw, int padTop,
                           int padLeft, int outH, int outW) {
        public int rows() {
            return channels * kh * kw;
        }

        public int cols() {
            return outH * outW;
        }
    }

    /**
     * x (C, H, W) at x[xOff..] -> cols (C*kH*kW, outH*outW) at cols[cOff..], consecutive rows {@code ldc} apart
     * (outH*outW for one image alone; B*outH*outW when a whole batch shares one matrix).
     */
    public static void unfold(Geometry g, float[] x, int xOff, float[] cols, int cOff, int ldc, float padValue) {
        if (PaddedPlane.suits(g)) {
            unfoldNarrow(g, x, xOff, cols, cOff, ldc, padValue);
            return;
        }
        if (mapped(g)) {
            unfoldMapped(g, x, xOff, cols, cOff, ldc, padValue);
            return;
        }
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int row = cOff + ((c * g.kh() + ki) * g.kw() + kj) * ldc;
                    int shift = kj * g.dw() - g.padLeft(); // iw = ow * sw + shift
                    // Output columns whose input column lies inside the image: [owLo, owHi).
                    int owLo = Math.min(g.outW(), Math.max(0, Math.ceilDiv(-shift, g.sw())));
                    int owHi = Math.max(owLo, Math.min(g.outW(), Math.ceilDiv(g.w() - shift, g.sw())));
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                        int dst = row + oh * g.outW();
                        if (ih < 0 || ih >= g.h()) {
                            java.util.Arrays.fill(cols, dst, dst + g.outW(), padValue);
                            continue;
                        }
                        int src = xOff + (c * g.h() + ih) * g.w() + shift;
                        java.util.Arrays.fill(cols, dst, dst + owLo, padValue);
                        if (g.sw() == 1) {
                            System.arraycopy(x, src + owLo, cols, dst + owLo, owHi - owLo);
                        } else {
                            evenElements(x, src + 2 * owLo, cols, dst + owLo, owHi - owLo);
                        }
                        java.util.Arrays.fill(cols, dst + owHi, dst + g.outW(), padValue);
                    }
                }
            }
        }
    }

    public static void unfold(Geometry g, double[] x, int xOff, double[] cols, int cOff, int ldc, double padValue) {
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int row = cOff + ((c * g.kh() + ki) * g.kw() + kj) * ldc;
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                        for (int ow = 0; ow < g.outW(); ow++) {
                            int iw = ow * g.sw() - g.padLeft() + kj * g.dw();
                            boolean inside = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w();
                            cols[row + oh * g.outW() + ow] = inside ? x[xOff + (c * g.h() + ih) * g.w() + iw] : padValue;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of unfold: x (C, H, W) += the window elements of cols; padding positions are dropped. */
    public static void fold(Geometry g, float[] cols, int cOff, int ldc, float[] x, int xOff) {
        if (PaddedPlane.suits(g)) {
            foldNarrow(g, cols, cOff, ldc, x, xOff);
            return;
        }
        if (mapped(g)) {
            foldMapped(g, cols, cOff, ldc, x, xOff);
            return;
        }
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int row = cOff + ((c * g.kh() + ki) * g.kw() + kj) * ldc;
                    int shift = kj * g.dw() - g.padLeft();
                    int owLo = Math.min(g.outW(), Math.max(0, Math.ceilDiv(-shift, g.sw())));
                    int owHi = Math.max(owLo, Math.min(g.outW(), Math.ceilDiv(g.w() - shift, g.sw())));
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                        if (ih < 0 || ih >= g.h()) {
                            continue;
                        }
                        int dst = xOff + (c * g.h() + ih) * g.w() + shift;
                        int src = row + oh * g.outW();
                        if (g.sw() == 1) {
                            for (int ow = owLo; ow < owHi; ow++) {
                                x[dst + ow] += cols[src + ow];
                            }
                        } else {
                            addToEvenElements(cols, src + owLo, x, dst + 2 * owLo, owHi - owLo);
                        }
                    }
                }
            }
        }
    }

    public static void fold(Geometry g, double[] cols, int cOff, int ldc, double[] x, int xOff) {
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                    int row = cOff + ((c * g.kh() + ki) * g.kw() + kj) * ldc;
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                        for (int ow = 0; ow < g.outW(); ow++) {
                            int iw = ow * g.sw() - g.padLeft() + kj * g.dw();
                            if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                                x[xOff + (c * g.h() + ih) * g.w() + iw] += cols[row + oh * g.outW() + ow];
                            }
                        }
                    }
                }
            }
        }
    }
}

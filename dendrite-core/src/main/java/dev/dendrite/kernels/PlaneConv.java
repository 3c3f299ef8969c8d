package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct stride-1 2-d convolution, forward only, with output positions in the vector lanes: for batch-1 inference
 * and other calls too small for im2col's GEMMs. Each input channel is copied once into a zero-padded plane of wp
 * columns; output position p = oy * wp + ox of that plane reads tap (ky, kx) at p + ky * dh * wp + kx * dw, so a
 * run of consecutive positions reads each tap with one contiguous vector load and no column matrix is built. The
 * columns ox &gt;= outW of each row are computed and dropped ((wp - outW) / wp of the work: 2/9 for a 3 x 3 SAME
 * layer on 7 x 7). A task computes {@link #OB} output channels over two vectors of positions (eight accumulators,
 * one broadcast weight per channel and tap); every output is summed in one order (input channel, then tap), so the
 * results do not depend on the thread count. The buffers are kept per thread, so a steady stream of calls of one
 * shape allocates nothing here.
 */
public final class PlaneConv {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    /** Output channels per register block. */
    private static final int OB = 4;
    /** Positions per register block: two vectors. */
    private static final int PB = 2 * L;
    /** The padded planes of the image being convolved (the calling thread's, read by every task). */
    private static final ThreadLocal<float[]> PLANES = ThreadLocal.withInitial(() -> new float[0]);
    /** One task's block of results before it is copied out (each thread's own). */
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[OB * PB]);
    /**
     * The most multiply-adds a call may hold for this path to run it: alexnet-small's layers (32 to 96 channels,
     * 14 x 14 and 7 x 7) measured 1.02-1.86x im2col + GEMM's speed up to batch 8 (29M), AlexNet's 256 -> 256 at
     * 14 x 14 (115M, batch 1) 0.83x (BENCHMARKS.md, session 14).
     */
    private static final long MAX_WORK = 1L << 25;

    private PlaneConv() {}

    /** Whether this path computes the convolution: stride 1 (any padding, dilation and groups). */
    public static boolean computes(Unfold.Geometry g) {
        return g.sh() == 1 && g.sw() == 1;
    }

    /**
     * Whether this path should run the convolution: one it computes, with at least two input channels per group
     * (with one, 1 -> 32 at 28 x 28 ran at 0.6-0.9x im2col's speed) and little enough work that im2col's GEMMs
     * would be thin.
     */
    public static boolean suits(Unfold.Geometry g, ConvLoops.Dims d) {
        return computes(g) && g.channels() / d.groups() >= 2 && (long) d.batch() * d.cout() * d.k() * g.cols() <= MAX_WORK;
    }

    /**
     * The padded plane of one input channel: wp columns, the positions computed (whole blocks covering the last
     * output), and the floats per channel (every tap of every computed position in range).
     */
    private record Plane(int hp, int wp, int positions, int size) {
        static Plane of(Unfold.Geometry g) {
            int hp = g.outH() + (g.kh() - 1) * g.dh();
            int wp = g.outW() + (g.kw() - 1) * g.dw();
            int positions = Math.ceilDiv((g.outH() - 1) * wp + g.outW(), PB) * PB;
            int size = positions + (g.kh() - 1) * g.dh() * wp + (g.kw() - 1) * g.dw();
            return new Plane(hp, wp, positions, size);
        }
    }

    /**
     * out (B, C_out, outH, outW) = conv(x, w) + bias (null for none), stride 1; x (B, C, H, W) at x[xOff..], w
     * (C_out, C / groups, kH, kW) at w[wOff..].
     */
    public static void forward(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] w, int wOff,
                               float[] bias, int bOff, float[] out) {
        if (!computes(g)) {
            throw new IllegalArgumentException("PlaneConv computes stride-1 convolutions, got stride " + g.sh() + " x "
                    + g.sw());
        }
        Plane plane = Plane.of(g);
        int cin = g.channels();
        float[] planes = PLANES.get();
        if (planes.length < cin * plane.size()) {
            planes = new float[cin * plane.size()];
            PLANES.set(planes);
        }
        float[] padded = planes;
        int coutG = d.coutG();
        int blocks = Math.ceilDiv(coutG, OB);
        int runs = plane.positions() / PB;
        int tasks = d.groups() * blocks * runs;
        int outPlane = g.outH() * g.outW();
        for (int b = 0; b < d.batch(); b++) {
            fill(g, plane, x, xOff + b * cin * g.h() * g.w(), padded);
            int outBase = b * d.cout() * outPlane;
            Parallel.range(tasks, 1, (from, to) -> {
                float[] block = BLOCK.get();
                for (int t = from; t < to; t++) {
                    int group = t / (blocks * runs);
                    int oc0 = group * coutG + t / runs % blocks * OB;
                    int channels = Math.min(OB, (group + 1) * coutG - oc0);
                    int p0 = t % runs * PB;
                    block(g, d, plane, padded, group, p0, w, wOff, oc0, channels, bias, bOff, block);
                    copyOut(g, plane, block, channels, p0, out, outBase + oc0 * outPlane);
                }
            });
        }
    }

    /** Zero-padded planes of one image x (C, H, W) at x[xOff..], the image at (padTop, padLeft) of each. */
    private static void fill(Unfold.Geometry g, Plane plane, float[] x, int xOff, float[] planes) {
        java.util.Arrays.fill(planes, 0, g.channels() * plane.size(), 0f);
        int c0 = Math.max(0, g.padLeft());
        int c1 = Math.min(plane.wp(), g.padLeft() + g.w());
        if (c1 <= c0) {
            return;
        }
        for (int c = 0; c < g.channels(); c++) {
            for (int r = 0; r < plane.hp(); r++) {
                int ih = r - g.padTop();
                if (ih >= 0 && ih < g.h()) {
                    System.arraycopy(x, xOff + (c * g.h() + ih) * g.w() + c0 - g.padLeft(), planes,
                            c * plane.size() + r * plane.wp() + c0, c1 - c0);
                }
            }
        }
    }

    /** Output channels oc0 .. oc0 + channels - 1 (at most OB, one group) at positions p0 .. p0 + PB - 1 into block. */
    private static void block(Unfold.Geometry g, ConvLoops.Dims d, Plane plane, float[] planes, int group, int p0,
                              float[] w, int wOff, int oc0, int channels, float[] bias, int bOff, float[] block) {
        int cinG = g.channels() / d.groups();
        int taps = g.kh() * g.kw();
        int wStride = cinG * taps;
        int first = group * cinG * plane.size() + p0;
        if (channels < OB) {
            for (int o = 0; o < channels; o++) {
                one(g, plane, planes, first, cinG, w, wOff + (oc0 + o) * wStride,
                        bias == null ? 0f : bias[bOff + oc0 + o], block, o * PB);
            }
            return;
        }
        FloatVector a00 = bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[bOff + oc0]);
        FloatVector a10 = bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[bOff + oc0 + 1]);
        FloatVector a20 = bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[bOff + oc0 + 2]);
        FloatVector a30 = bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[bOff + oc0 + 3]);
        FloatVector a01 = a00;
        FloatVector a11 = a10;
        FloatVector a21 = a20;
        FloatVector a31 = a30;
        int rowStep = g.dh() * plane.wp();
        // The undilated 3 x 3 window, the common one, with loop bounds the JIT sees as constants, so it unrolls
        // the nine taps: the same sums in the same order, 1.5x faster on one thread (BENCHMARKS.md, session 16).
        if (g.kh() == 3 && g.kw() == 3 && g.dh() == 1 && g.dw() == 1) {
            for (int ci = 0; ci < cinG; ci++) {
                int base = first + ci * plane.size();
                int wi = wOff + oc0 * wStride + ci * 9;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        int at = base + ky * rowStep + kx;
                        int wAt = wi + ky * 3 + kx;
                        FloatVector x0 = FloatVector.fromArray(S, planes, at);
                        FloatVector x1 = FloatVector.fromArray(S, planes, at + L);
                        FloatVector w0 = FloatVector.broadcast(S, w[wAt]);
                        a00 = x0.fma(w0, a00);
                        a01 = x1.fma(w0, a01);
                        FloatVector w1 = FloatVector.broadcast(S, w[wAt + wStride]);
                        a10 = x0.fma(w1, a10);
                        a11 = x1.fma(w1, a11);
                        FloatVector w2 = FloatVector.broadcast(S, w[wAt + 2 * wStride]);
                        a20 = x0.fma(w2, a20);
                        a21 = x1.fma(w2, a21);
                        FloatVector w3 = FloatVector.broadcast(S, w[wAt + 3 * wStride]);
                        a30 = x0.fma(w3, a30);
                        a31 = x1.fma(w3, a31);
                    }
                }
            }
        } else {
            for (int ci = 0; ci < cinG; ci++) {
                int base = first + ci * plane.size();
                int wi = wOff + oc0 * wStride + ci * taps;
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++, wi++) {
                        int at = base + ky * rowStep + kx * g.dw();
                        FloatVector x0 = FloatVector.fromArray(S, planes, at);
                        FloatVector x1 = FloatVector.fromArray(S, planes, at + L);
                        FloatVector w0 = FloatVector.broadcast(S, w[wi]);
                        a00 = x0.fma(w0, a00);
                        a01 = x1.fma(w0, a01);
                        FloatVector w1 = FloatVector.broadcast(S, w[wi + wStride]);
                        a10 = x0.fma(w1, a10);
                        a11 = x1.fma(w1, a11);
                        FloatVector w2 = FloatVector.broadcast(S, w[wi + 2 * wStride]);
                        a20 = x0.fma(w2, a20);
                        a21 = x1.fma(w2, a21);
                        FloatVector w3 = FloatVector.broadcast(S, w[wi + 3 * wStride]);
                        a30 = x0.fma(w3, a30);
                        a31 = x1.fma(w3, a31);
                    }
                }
            }
        }
        a00.intoArray(block, 0);
        a01.intoArray(block, L);
        a10.intoArray(block, PB);
        a11.intoArray(block, PB + L);
        a20.intoArray(block, 2 * PB);
        a21.intoArray(block, 2 * PB + L);
        a30.intoArray(block, 3 * PB);
        a31.intoArray(block, 3 * PB + L);
    }

    /** One output channel (weights at w[wAt..]) at the block's positions into block[at .. at + PB - 1]. */
    private static void one(Unfold.Geometry g, Plane plane, float[] planes, int first, int cinG, float[] w, int wAt,
                            float bias, float[] block, int at) {
        FloatVector a0 = FloatVector.broadcast(S, bias);
        FloatVector a1 = a0;
        int rowStep = g.dh() * plane.wp();
        int wi = wAt;
        for (int ci = 0; ci < cinG; ci++) {
            int base = first + ci * plane.size();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, wi++) {
                    int from = base + ky * rowStep + kx * g.dw();
                    FloatVector wv = FloatVector.broadcast(S, w[wi]);
                    a0 = FloatVector.fromArray(S, planes, from).fma(wv, a0);
                    a1 = FloatVector.fromArray(S, planes, from + L).fma(wv, a1);
                }
            }
        }
        a0.intoArray(block, at);
        a1.intoArray(block, at + L);
    }

    /** The block's positions that are outputs (ox &lt; outW, oy &lt; outH) into out (channels planes from outAt). */
    private static void copyOut(Unfold.Geometry g, Plane plane, float[] block, int channels, int p0, float[] out,
                                int outAt) {
        int outPlane = g.outH() * g.outW();
        int oy = p0 / plane.wp();
        int ox = p0 - oy * plane.wp();
        for (int j = 0; j < PB && oy < g.outH(); ) {
            int run = Math.min(PB - j, plane.wp() - ox);
            int valid = Math.min(run, g.outW() - ox);
            if (valid > 0) {
                for (int o = 0; o < channels; o++) {
                    System.arraycopy(block, o * PB + j, out, outAt + o * outPlane + oy * g.outW() + ox, valid);
                }
            }
            j += run;
            ox += run;
            if (ox == plane.wp()) {
                ox = 0;
                oy++;
            }
        }
    }
}

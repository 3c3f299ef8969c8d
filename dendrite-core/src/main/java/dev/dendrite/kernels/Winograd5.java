package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd F(2x2, 5x5) for 5 x 5 stride-1 convolutions: each 2 x 2 block of outputs from a 6 x 6 patch with 36
 * products per channel pair where the direct sum takes 100 (2.8x fewer multiply-adds), the transforms' points 0, 1,
 * -1, 2, -2 and infinity:
 * <pre>
 *   Y = A^T [(G g G^T) * (B^T d B)] A
 *   B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
 *   G   = [1/4 0 0 0 0; -1/6 -1/6 -1/6 -1/6 -1/6; -1/6 1/6 -1/6 1/6 -1/6;
 *          1/24 1/12 1/6 1/3 2/3; 1/24 -1/12 1/6 -1/3 2/3; 0 0 0 0 1]
 *   A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 1]
 * </pre>
 * Computed as {@link WinogradRows} computes F(2x2, 3x3): a unit of work is one image's few rows of tiles, whose
 * input transforms V are staged straight into the NR-wide panels of the micro-kernel, multiplied by the packed
 * filter transforms U one block of output channels at a time, and turned into outputs while in cache. A tile row
 * takes a whole number of vectors (its tiles rounded up to L), and a unit as many tile rows as fill a panel: AlexNet's
 * conv2 (27 x 27 outputs, 14 tiles a row) puts two rows of 16 in each 32-wide panel.
 * <p>
 * Each unit is computed by one thread alone, summing over input channels in one order, so results do not depend on
 * the thread count. The input gradient is the forward pass of the adjoint convolution; the weight gradient sums
 * V times the transformed output gradients unit by unit.
 */
public final class Winograd5 {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    private static final int MR = GemmKernels.MR;
    private static final int NR = GemmKernels.NR;
    /** Transform elements: a 6 x 6 patch. */
    static final int XI = 36;
    /** Below these channel and tile counts the transforms and the 36 products do not pay. */
    private static final int MIN_CHANNELS = 16;
    private static final int MIN_TILES = 128;
    /** Output channels per block of products: the block's M (36 x 64 x a panel) stays in L2 beside V. */
    private static final int OUT_BLOCK = 64;
    /** The weight gradient's parts (units summed apart, then added in order). */
    private static final int PARTS = 4;
    private static final float[] ZERO = new float[NR];
    /** G's coefficients, multiplied rather than divided by (a division costs several multiplications). */
    private static final float THIRD = 1f / 3, SIXTH = 1f / 6, TWELFTH = 1f / 12, TWENTY_FOURTH = 1f / 24;
    private static final float TWO_THIRDS = 2f / 3;
    /** Each thread's transformed input rows V, element by element, panel by panel, channel by channel. */
    private static final Scratch INPUTS = new Scratch();
    /** Each thread's products M of one block of output channels: element by element, channel rows of the width. */
    private static final Scratch OUTPUTS = new Scratch();
    /** The calling thread's packed filters. */
    private static final Scratch FILTERS = new Scratch();

    private Winograd5() {}

    /** Whether this path computes the convolution: 5 x 5, stride 1, no dilation, one group. */
    public static boolean computes(Unfold.Geometry g, ConvLoops.Dims d) {
        return g.kh() == 5 && g.kw() == 5 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1
                && d.groups() == 1;
    }

    /**
     * Whether this path should run the convolution: one it computes, with enough channels and tiles to pay, and
     * tile rows that fill at least 3/4 of the panels (batch 8, forward + backward: 32 -> 32 at 56 x 56, 28 tiles in
     * 32, 1.55x the columns' speed; 128 -> 128 at 13 x 13, 14 in 32, 0.7x).
     */
    public static boolean suits(Unfold.Geometry g, ConvLoops.Dims d) {
        long tiles = (long) d.batch() * ((g.outH() + 1) / 2) * ((g.outW() + 1) / 2);
        Units units = Units.of(g);
        return computes(g, d) && g.channels() >= MIN_CHANNELS && d.cout() >= MIN_CHANNELS && tiles >= MIN_TILES
                && 4 * units.rowsPerUnit() * units.tileCols() >= 3 * units.width();
    }

    /** The tiling of one shape: a tile row's slot (its tiles rounded up to vectors), tile rows per unit, width. */
    private record Units(int tileRows, int tileCols, int slot, int rowsPerUnit, int width) {
        static Units of(Unfold.Geometry g) {
            int cols = (g.outW() + 1) / 2;
            int slot = Math.ceilDiv(cols, L) * L;
            int rowsPerUnit = Math.max(1, NR / slot);
            return new Units((g.outH() + 1) / 2, cols, slot, rowsPerUnit,
                    Math.ceilDiv(rowsPerUnit * slot, NR) * NR);
        }

        int perImage() {
            return Math.ceilDiv(tileRows, rowsPerUnit);
        }

        int panels() {
            return width / NR;
        }
    }

    /**
     * out (B, C_out, outH, outW) = conv(x, w) + bias (null for none), w (C_out, C_in, 5, 5); x, w and the bias
     * from x[xOff..], w[wOff..], bias[bOff..]. out is overwritten.
     */
    public static void forward(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] w, int wOff,
                               float[] bias, int bOff, float[] out) {
        Units units = Units.of(g);
        int cin = g.channels();
        int cout = d.cout();
        int rowsOfU = Math.ceilDiv(cout, MR) * MR;
        int block = Math.min(OUT_BLOCK, rowsOfU);
        int panels = units.panels();
        int width = units.width();
        int vStride = Winograd.unaliased(panels * cin * NR);
        int mStride = Winograd.unaliased(block * width);
        float[] packed = packedFilters(w, wOff, cout, cin, rowsOfU);
        Parallel.range(d.batch() * units.perImage(), 1, (from, to) -> {
            float[] v = INPUTS.floats(XI * vStride + L);
            float[] m = OUTPUTS.floats(XI * mStride + L);
            float[] rows = new float[XI * L];
            Winograd.SplitPlane band = new Winograd.SplitPlane(2 * units.rowsPerUnit() + 4, units.tileCols() + 2);
            Winograd.Staging staging = new Winograd.Staging(v, 0, vStride, cin * NR, width);
            float[][] y = new float[4][units.slot() + L];
            for (int unit = from; unit < to; unit++) {
                int image = unit / units.perImage();
                int ty0 = unit % units.perImage() * units.rowsPerUnit();
                patches(g, units, x, xOff + image * d.imageSize(), ty0, band, rows, staging);
                for (int o0 = 0; o0 < rowsOfU; o0 += block) {
                    int count = Math.min(block, rowsOfU - o0);
                    for (int xi = 0; xi < XI; xi++) {
                        for (int j = 0; j < panels; j++) {
                            int vAt = xi * vStride + j * cin * NR;
                            for (int i = 0; i < count; i += MR) {
                                GemmKernels.packed(cin, packed, (xi * rowsOfU + o0 + i) * cin, v, vAt, ZERO, 0, 0, m,
                                        xi * mStride + i * width + j * NR, width);
                            }
                        }
                    }
                    for (int o = o0; o < Math.min(o0 + count, cout); o++) {
                        float b = bias == null ? 0f : bias[bOff + o];
                        int plane = (image * cout + o) * g.cols();
                        for (int r = 0; r < units.rowsPerUnit() && ty0 + r < units.tileRows(); r++) {
                            for (int tx = 0; tx < units.tileCols(); tx += L) {
                                outputVector(m, (o - o0) * width + r * units.slot() + tx, mStride, b, rows, y,
                                        tx);
                            }
                            Winograd.interleave(g, y, 0, ty0 + r, out, plane);
                        }
                    }
                }
            }
        });
    }

    /**
     * V = B^T d B of the patches of tile rows ty0 .. ty0 + rows per unit - 1 of the image at x[imageAt..], into the
     * staging's panels (channel c from c NR on), tile row r from tile r * slot on.
     */
    private static void patches(Unfold.Geometry g, Units units, float[] x, int imageAt, int ty0,
                                Winograd.SplitPlane band, float[] rows, Winograd.Staging staging) {
        for (int c = 0; c < g.channels(); c++) {
            band.loadBand(g, x, imageAt + c * g.h() * g.w(), 2 * ty0);
            Winograd.Staging channel = staging.from(c * NR);
            for (int r = 0; r < units.rowsPerUnit(); r++) {
                for (int tx = 0; tx < units.tileCols(); tx += L) {
                    patchVector(band, 2 * r * band.width + tx, rows, channel, r * units.slot() + tx);
                }
            }
        }
    }

    /**
     * dx (B, C_in, H, W) = the input gradient of conv(x, w) from dy (B, C_out, outH, outW) at dy[dyOff..], w
     * (C_out, C_in, 5, 5) at w[wOff..]: the forward pass of the adjoint convolution, over dy with the filters turned
     * by 180 degrees and their channels swapped, padded by 4 minus the padding. dx is overwritten.
     */
    public static void inputGradient(Unfold.Geometry g, ConvLoops.Dims d, float[] w, int wOff, float[] dy,
                                     int dyOff, float[] dx) {
        int cin = g.channels();
        int cout = d.cout();
        float[] turned = new float[cin * cout * 25];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                for (int tap = 0; tap < 25; tap++) {
                    turned[(i * cout + o) * 25 + 24 - tap] = w[wOff + (o * cin + i) * 25 + tap];
                }
            }
        }
        Unfold.Geometry adjoint = new Unfold.Geometry(cout, g.outH(), g.outW(), 5, 5, 1, 1, 1, 1, 4 - g.padTop(),
                4 - g.padLeft(), g.h(), g.w());
        ConvLoops.Dims dims = new ConvLoops.Dims(d.batch(), 1, cin, cout * 25, g.h() * g.w(), cout * g.cols());
        forward(adjoint, dims, dy, dyOff, turned, 0, null, 0, dx);
    }

    /**
     * dw (C_out, C_in, 5, 5) += the weight gradient of conv(x, w) from dy (B, C_out, outH, outW) at dy[dyOff..]:
     * M_xi^T (C_in x C_out) += V_xi (C_in x tiles) (A dY A^T)_xi^T (tiles x C_out) unit by unit, V staged as in the
     * forward pass and dY turned channels-last, so that the transform of a tile yields C_out-long vectors: the
     * NR-wide panels of the right-hand side, made one output panel at a time. Then dw += G^T M G. The units are
     * split into at most {@link #PARTS} parts fixed by the shape, each summed by one thread into its own M^T, and
     * the parts added in order: the same bits on any thread count.
     */
    public static void filterGradient(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] dy,
                                      int dyOff, float[] dw) {
        Units units = Units.of(g);
        int cin = g.channels();
        int cout = d.cout();
        int panels = units.panels();
        int width = units.width();
        int outPanels = Math.ceilDiv(cout, NR);
        int columns = outPanels * NR;
        int rowsOfV = Math.ceilDiv(cin, MR) * MR;
        int vStride = Winograd.unaliased(panels * rowsOfV * NR);
        int gStride = Winograd.unaliased(panels * NR * NR);
        int count = d.batch() * units.perImage();
        int parts = Math.min(PARTS, count);
        float[][] sums = new float[parts][XI * rowsOfV * columns];
        Parallel.run(parts, part -> {
            // MR-row groups of V read past the last channel: rows of slack, their products discarded
            float[] v = new float[XI * vStride + L];
            float[] gy = new float[XI * gStride];
            float[] rows = new float[XI * L];
            float[] turned = new float[4 * units.rowsPerUnit() * units.slot() * columns + L];
            Winograd.SplitPlane band = new Winograd.SplitPlane(2 * units.rowsPerUnit() + 4, units.tileCols() + 2);
            Winograd.Staging staging = new Winograd.Staging(v, 0, vStride, rowsOfV * NR, width);
            float[] sum = sums[part];
            for (int unit = count * part / parts; unit < count * (part + 1) / parts; unit++) {
                int image = unit / units.perImage();
                int ty0 = unit % units.perImage() * units.rowsPerUnit();
                patches(g, units, x, xOff + image * d.imageSize(), ty0, band, rows, staging);
                Winograd.turnRows(g, cout, columns, dy, dyOff + image * cout * g.cols(), 2 * ty0,
                        2 * units.rowsPerUnit(), units.slot(), turned);
                for (int jo = 0; jo < outPanels; jo++) {
                    for (int tile = 0; tile < units.rowsPerUnit() * units.slot(); tile++) {
                        for (int o = 0; o < NR; o += L) {
                            gradientsOfTile(turned, units, columns, tile, jo * NR + o, rows, gy, gStride,
                                    (tile / NR) * NR * NR + (tile % NR) * NR + o);
                        }
                    }
                    for (int xi = 0; xi < XI; xi++) {
                        for (int jt = 0; jt < panels; jt++) {
                            int vAt = xi * vStride + jt * rowsOfV * NR;
                            int gAt = xi * gStride + jt * NR * NR;
                            for (int i = 0; i < rowsOfV; i += MR) {
                                int at = (xi * rowsOfV + i) * columns + jo * NR;
                                GemmKernels.rows(NR, v, vAt + i * NR, NR, gy, gAt, sum, at, columns, sum, at,
                                        columns);
                            }
                        }
                    }
                }
            }
        });
        Winograd.addInOrder(sums);
        filterGradients(sums[0], rowsOfV, columns, cout, cin, dw);
    }

    /**
     * A dY A^T of one tile for the output channels o .. o + L - 1, from the turned rows, to gy[at + xi * step];
     * rows holds A dY between the passes. A = [1 0; 1 1; 1 -1; 1 2; 1 -2; 0 1].
     */
    private static void gradientsOfTile(float[] turned, Units units, int columns, int tile, int o, float[] rows,
                                        float[] gy, int step, int at) {
        int r = tile / units.slot();
        int top = (2 * r * 2 * units.slot() + 2 * (tile % units.slot())) * columns + o;
        int bottom = top + 2 * units.slot() * columns;
        // A down the tile's two columns; then each row of that through A over the columns
        transformGradients(turned, top, turned, bottom, rows, 0, 2 * L);
        transformGradients(turned, top + columns, turned, bottom + columns, rows, L, 2 * L);
        for (int i = 0; i < 6; i++) {
            transformGradients(rows, 2 * i * L, rows, (2 * i + 1) * L, gy, at + 6 * i * step, step);
        }
    }

    /**
     * A of two vectors p0 = a[aAt], p1 = b[bAt]: p0, p0 + p1, p0 - p1, p0 + 2 p1, p0 - 2 p1, p1 to
     * out[to + k outStep], k = 0..5.
     */
    private static void transformGradients(float[] a, int aAt, float[] b, int bAt, float[] out, int to, int outStep) {
        FloatVector p0 = FloatVector.fromArray(S, a, aAt), p1 = FloatVector.fromArray(S, b, bAt);
        FloatVector twice = p1.add(p1);
        p0.intoArray(out, to);
        p0.add(p1).intoArray(out, to + outStep);
        p0.sub(p1).intoArray(out, to + 2 * outStep);
        p0.add(twice).intoArray(out, to + 3 * outStep);
        p0.sub(twice).intoArray(out, to + 4 * outStep);
        p1.intoArray(out, to + 5 * outStep);
    }

    /** dw (C_out, C_in, 5, 5) += G^T M G for every filter, M_xi^T at m[(xi * rowsOfV + i) * columns + o]. */
    private static void filterGradients(float[] m, int rowsOfV, int columns, int cout, int cin, float[] dw) {
        Parallel.range(cout, 1, (from, to) -> {
            float[] t = new float[30];
            float[] column = new float[6];
            for (int o = from; o < to; o++) {
                for (int i = 0; i < cin; i++) {
                    // T = M G (6 x 5): the back transform of each row of M; then G^T T, column by column
                    for (int l = 0; l < 6; l++) {
                        for (int k = 0; k < 6; k++) {
                            column[k] = m[((6 * l + k) * rowsOfV + i) * columns + o];
                        }
                        backTransform(column, 0, 1, t, 5 * l, 1);
                    }
                    int f = (o * cin + i) * 25;
                    for (int b = 0; b < 5; b++) {
                        backTransform(t, b, 5, column, 0, 1);
                        for (int a = 0; a < 5; a++) {
                            dw[f + 5 * a + b] += column[a];
                        }
                    }
                }
            }
        });
    }

    /**
     * G^T times the six values m[at], m[at + stride], ...: five values into t[tAt], t[tAt + tStride], ...; with
     * s = m1 + m2, d = m1 - m2, S = m3 + m4, D = m3 - m4: m0/4 - s/6 + S/24, -d/6 + D/12, (S - s)/6, -d/6 + D/3,
     * -s/6 + 2S/3 + m5.
     */
    private static void backTransform(float[] m, int at, int stride, float[] t, int tAt, int tStride) {
        float m0 = m[at], m1 = m[at + stride], m2 = m[at + 2 * stride], m3 = m[at + 3 * stride];
        float m4 = m[at + 4 * stride], m5 = m[at + 5 * stride];
        float sum12 = m1 + m2, diff12 = m1 - m2, sum34 = m3 + m4, diff34 = m3 - m4;
        t[tAt] = 0.25f * m0 - SIXTH * sum12 + TWENTY_FOURTH * sum34;
        t[tAt + tStride] = TWELFTH * diff34 - SIXTH * diff12;
        t[tAt + 2 * tStride] = SIXTH * (sum34 - sum12);
        t[tAt + 3 * tStride] = THIRD * diff34 - SIXTH * diff12;
        t[tAt + 4 * tStride] = TWO_THIRDS * sum34 - SIXTH * sum12 + m5;
    }

    /** Whether {@link #inputGradient} computes this convolution's input gradient: padding of at most 4 on top, left. */
    public static boolean suitsInputGradient(Unfold.Geometry g) {
        return g.padTop() <= 4 && g.padLeft() <= 4;
    }

    /**
     * U = G g G^T of every filter of w (C_out, C_in, 5, 5) at w[wOff..], element xi (C_out x C_in) as MR-tall panels
     * in the calling thread's array: element (r, p) of a panel at p * MR + r, rows past C_out 0.
     */
    private static float[] packedFilters(float[] w, int wOff, int cout, int cin, int rowsOfU) {
        float[] packed = FILTERS.floats(XI * rowsOfU * cin);
        int panelSize = cin * MR;
        // a panel's 36 elements staged apart first: in packed they lie 4 KiB multiples apart at 64 channels or more
        int stride = Winograd.unaliased(panelSize);
        Parallel.range(rowsOfU / MR, 1, (from, to) -> {
            float[] gw = new float[30];
            float[] u = new float[XI];
            float[] staged = new float[XI * stride];
            for (int panel = from; panel < to; panel++) {
                java.util.Arrays.fill(staged, 0f);
                for (int o = panel * MR; o < Math.min(panel * MR + MR, cout); o++) {
                    for (int i = 0; i < cin; i++) {
                        int f = wOff + (o * cin + i) * 25;
                        // G g: the transform of each column of the filter; then (G g) G^T, row by row
                        for (int col = 0; col < 5; col++) {
                            transformFilterLine(w, f + col, 5, gw, col, 5);
                        }
                        for (int row = 0; row < 6; row++) {
                            transformFilterLine(gw, row * 5, 1, u, row * 6, 1);
                        }
                        for (int xi = 0; xi < XI; xi++) {
                            staged[xi * stride + i * MR + o % MR] = u[xi];
                        }
                    }
                }
                for (int xi = 0; xi < XI; xi++) {
                    System.arraycopy(staged, xi * stride, packed, (xi * rowsOfU + panel * MR) * cin, panelSize);
                }
            }
        });
        return packed;
    }

    /** G times the five values a[at], a[at + stride], ...: six values into t[tAt], t[tAt + tStride], ... */
    private static void transformFilterLine(float[] a, int at, int stride, float[] t, int tAt, int tStride) {
        float g0 = a[at], g1 = a[at + stride], g2 = a[at + 2 * stride], g3 = a[at + 3 * stride];
        float g4 = a[at + 4 * stride];
        float even = g0 + g2 + g4;
        float odd = g1 + g3;
        t[tAt] = 0.25f * g0;
        t[tAt + tStride] = -SIXTH * (even + odd);
        t[tAt + 2 * tStride] = SIXTH * (odd - even);
        float evenByTwo = TWENTY_FOURTH * g0 + SIXTH * g2 + TWO_THIRDS * g4;
        float oddByTwo = TWELFTH * g1 + THIRD * g3;
        t[tAt + 3 * tStride] = evenByTwo + oddByTwo;
        t[tAt + 4 * tStride] = evenByTwo - oddByTwo;
        t[tAt + 5 * tStride] = g4;
    }

    /**
     * B^T d B of a vector of tiles in one row, whose patches start at the split plane's (even and odd) position at,
     * staged from the given tile on (a multiple of L: the vector stays in its panel); rows holds the 36 vectors
     * between the two passes.
     */
    private static void patchVector(Winograd.SplitPlane p, int at, float[] rows, Winograd.Staging staged, int tile) {
        for (int i = 0; i < 6; i++) {
            patchRow(p, at + i * p.width, rows, i * 6 * L);
        }
        int first = staged.first(tile);
        for (int k = 0; k < 6; k++) {
            patchColumn(rows, k * L, staged.rows, first + k * staged.elementStride, 6 * staged.elementStride);
        }
    }

    /**
     * d B of one patch row (columns 2 tx .. 2 tx + 5 of the tiles: even, odd, even, odd, even, odd) into rows[to +
     * k L], k = 0..5: 4 d0 - 5 d2 + d4, d3 + d4 - 4 (d1 + d2), d4 - d3 + 4 (d1 - d2), d4 - d2 + 2 (d3 - d1),
     * d4 - d2 - 2 (d3 - d1), 4 d1 - 5 d3 + d5.
     */
    private static void patchRow(Winograd.SplitPlane p, int at, float[] rows, int to) {
        FloatVector d0 = FloatVector.fromArray(S, p.even, at), d1 = FloatVector.fromArray(S, p.odd, at);
        FloatVector d2 = FloatVector.fromArray(S, p.even, at + 1), d3 = FloatVector.fromArray(S, p.odd, at + 1);
        FloatVector d4 = FloatVector.fromArray(S, p.even, at + 2), d5 = FloatVector.fromArray(S, p.odd, at + 2);
        d0.mul(4f).sub(d2.mul(5f)).add(d4).intoArray(rows, to);
        d4.add(d3).sub(d1.add(d2).mul(4f)).intoArray(rows, to + L);
        d4.sub(d3).add(d1.sub(d2).mul(4f)).intoArray(rows, to + 2 * L);
        FloatVector twice31 = d3.sub(d1).mul(2f);
        FloatVector d42 = d4.sub(d2);
        d42.add(twice31).intoArray(rows, to + 3 * L);
        d42.sub(twice31).intoArray(rows, to + 4 * L);
        d1.mul(4f).sub(d3.mul(5f)).add(d5).intoArray(rows, to + 5 * L);
    }

    /**
     * B^T of column k of the six rows' d B (rows[at + i * 6 L], i = 0..5), the same combinations as
     * {@link #patchRow}, to out[first + l * step]: elements 6 l + k of the tiles' transforms.
     */
    private static void patchColumn(float[] rows, int at, float[] out, int first, int step) {
        FloatVector s0 = FloatVector.fromArray(S, rows, at), s1 = FloatVector.fromArray(S, rows, at + 6 * L);
        FloatVector s2 = FloatVector.fromArray(S, rows, at + 12 * L), s3 = FloatVector.fromArray(S, rows, at + 18 * L);
        FloatVector s4 = FloatVector.fromArray(S, rows, at + 24 * L), s5 = FloatVector.fromArray(S, rows, at + 30 * L);
        s0.mul(4f).sub(s2.mul(5f)).add(s4).intoArray(out, first);
        s4.add(s3).sub(s1.add(s2).mul(4f)).intoArray(out, first + step);
        s4.sub(s3).add(s1.sub(s2).mul(4f)).intoArray(out, first + 2 * step);
        FloatVector twice31 = s3.sub(s1).mul(2f);
        FloatVector s42 = s4.sub(s2);
        s42.add(twice31).intoArray(out, first + 3 * step);
        s42.sub(twice31).intoArray(out, first + 4 * step);
        s1.mul(4f).sub(s3.mul(5f)).add(s5).intoArray(out, first + 5 * step);
    }

    /**
     * A^T M A plus the bias for a vector of tiles from m[at..] (element xi at + xi * step apart): the two output
     * rows' even and odd columns of the tiles into y[0..3] at tx; rows holds the 12 vectors between the halves.
     */
    private static void outputVector(float[] m, int at, int step, float b, float[] rows, float[][] y, int tx) {
        for (int k = 0; k < 6; k++) {
            outputColumn(m, at + k * step, 6 * step, rows, k * L);
        }
        outputRow(rows, 0, b, y[0], y[1], tx);
        outputRow(rows, 6 * L, b, y[2], y[3], tx);
    }

    /** Column k of A^T M from m[at + l * step], l = 0..5: the top row to rows[to], the bottom to rows[to + 6 L]. */
    private static void outputColumn(float[] m, int at, int step, float[] rows, int to) {
        FloatVector m0 = FloatVector.fromArray(S, m, at), m1 = FloatVector.fromArray(S, m, at + step);
        FloatVector m2 = FloatVector.fromArray(S, m, at + 2 * step), m3 = FloatVector.fromArray(S, m, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, m, at + 4 * step);
        FloatVector m5 = FloatVector.fromArray(S, m, at + 5 * step);
        FloatVector d34 = m3.sub(m4);
        m0.add(m1).add(m2).add(m3).add(m4).intoArray(rows, to);
        m1.sub(m2).add(d34).add(d34).add(m5).intoArray(rows, to + 6 * L);
    }

    /** One output row of A^T M A from its six columns (rows[at + k L]) plus the bias: even and odd outputs. */
    private static void outputRow(float[] rows, int at, float b, float[] even, float[] odd, int tx) {
        FloatVector t0 = FloatVector.fromArray(S, rows, at), t1 = FloatVector.fromArray(S, rows, at + L);
        FloatVector t2 = FloatVector.fromArray(S, rows, at + 2 * L);
        FloatVector t3 = FloatVector.fromArray(S, rows, at + 3 * L), t4 = FloatVector.fromArray(S, rows, at + 4 * L);
        FloatVector t5 = FloatVector.fromArray(S, rows, at + 5 * L);
        FloatVector d34 = t3.sub(t4);
        t0.add(t1).add(t2).add(t3).add(t4).add(b).intoArray(even, tx);
        t1.sub(t2).add(d34).add(d34).add(t5).add(b).intoArray(odd, tx);
    }
}

package dev.dendrite.kernels;

/**
 * {@link Winograd}'s F(2x2, 3x3) convolution one row of tiles at a time, with the transforms and the 16 products of
 * a row kept in the thread's cache: the row's input transforms V are staged straight into the NR-wide panels the
 * micro-kernel reads, the transformed filters U are packed once per call into its MR-tall panels, and the products
 * M land where the output transform reads them. The chunked path streams V and M (25.7 MB each at 64 -> 64 over
 * 56 x 56, batch 8) through memory and packs V again in every product; here a row's V and M (128 KiB each there)
 * never leave L2. The input gradient is the forward pass of the adjoint convolution (filters turned by 180 degrees,
 * channels swapped) over dy; the weight gradient sums V times the transformed output gradients row by row.
 * <p>
 * Each (image, tile row) of an output is computed by one thread alone, summing over input channels in one order,
 * and the weight gradient's parts are fixed by the shape and added in order, so results do not depend on the thread
 * count; they equal the chunked path's up to the summation order of the products.
 */
public final class WinogradRows {
    private static final int XI = Winograd.XI;
    private static final int MR = GemmKernels.MR;
    private static final int NR = GemmKernels.NR;
    private static final int L = FastUnary.S.length();
    /** Fewer tile columns than this leave too much of a row's panels empty (28 x 28 outputs: 14 of 32). */
    private static final int MIN_TILE_COLUMNS = 24;
    private static final float[] ZERO = new float[NR];
    /** The weight gradient's parts (rows of tiles summed apart, then added in order). */
    private static final int PARTS = 8;
    /** Each thread's transformed input row V, element by element, panel by panel, channel by channel. */
    private static final Scratch INPUTS = new Scratch();
    /** Each thread's products M for a row: element by element, C_out rows (rounded up to MR) of the row's width. */
    private static final Scratch OUTPUTS = new Scratch();
    /** The calling thread's packed filters. */
    private static final Scratch FILTERS = new Scratch();
    /** Floats in a 64-byte cache line. */
    private static final int FLOATS_PER_LINE = 16;
    /**
     * Where {@link #touchNextRows}'s sums go, so that C2 keeps the reads. Threads overwrite it at will; nothing
     * reads it.
     */
    private static float touched;

    private WinogradRows() {}

    /** Whether this path should run a convolution {@link Winograd#suits} Winograd for: rows of enough tiles. */
    public static boolean suits(Unfold.Geometry g) {
        return (g.outW() + 1) / 2 >= MIN_TILE_COLUMNS;
    }

    /**
     * out (B, C_out, outH, outW) = conv(x, w) + bias (null for none), with u = {@link Winograd#filters} of w: the
     * same contract as {@link Winograd#forward}.
     */
    public static void forward(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] u, float[] bias,
                               int bOff, float[] out) {
        Winograd.Tiles t = Winograd.tiles(g, d);
        int cin = g.channels();
        int cout = d.cout();
        int rowsOfU = Math.ceilDiv(cout, MR) * MR;
        int panels = Math.ceilDiv(t.cols(), NR);
        int width = panels * NR;
        float[] packed = packFilters(u, cout, cin, rowsOfU);
        int vStride = Winograd.unaliased(panels * cin * NR);
        int mStride = Winograd.unaliased(rowsOfU * width);
        Parallel.range(d.batch() * t.rows(), 1, (from, to) -> {
            float[] v = INPUTS.floats(XI * vStride + L);
            float[] m = OUTPUTS.floats(XI * mStride + L);
            Winograd.SplitPlane bands = new Winograd.SplitPlane(4 * cin, t);
            Winograd.Staging staging = new Winograd.Staging(v, 0, vStride, cin * NR, width);
            float[] rows = new float[XI * L];
            float[][] y = new float[4][t.cols() + L];
            for (int unit = from; unit < to; unit++) {
                int image = unit / t.rows(), ty = unit % t.rows();
                int imageAt = xOff + image * d.imageSize();
                patches(g, t, x, imageAt, ty, unit > from && ty > 0, bands, rows, staging);
                touched = touchNextRows(g, x, imageAt, ty);
                for (int xi = 0; xi < XI; xi++) {
                    for (int j = 0; j < panels; j++) {
                        int vAt = xi * vStride + j * cin * NR;
                        for (int i = 0; i < rowsOfU; i += MR) {
                            GemmKernels.packed(cin, packed, (xi * rowsOfU + i) * cin, v, vAt, ZERO, 0, 0, m,
                                    xi * mStride + i * width + j * NR, width);
                        }
                    }
                }
                int outAt = (image * cout) * g.cols();
                for (int o = 0; o < cout; o++) {
                    float b = bias == null ? 0f : bias[bOff + o];
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        Winograd.outputVector(m, o * width + tx, mStride, b, y, tx);
                    }
                    Winograd.interleave(g, y, 0, ty, out, outAt + o * g.cols());
                }
            }
        });
    }

    /**
     * Reads one float of each cache line of the two input rows that tile row ty + 1 of the image at x[imageAt..]
     * adds to its band, and returns their sum. Called before tile row ty's products, it starts the rows' cache
     * misses together, where the splits of the next tile row would wait for them one channel at a time.
     */
    private static float touchNextRows(Unfold.Geometry g, float[] x, int imageAt, int ty) {
        float sum = 0;
        for (int padded = 2 * ty + 4; padded < 2 * ty + 6; padded++) {
            int y = padded - g.padTop();
            if (y < 0 || y >= g.h()) {
                continue;
            }
            for (int c = 0; c < g.channels(); c++) {
                int row = imageAt + (c * g.h() + y) * g.w();
                for (int i = 0; i < g.w(); i += FLOATS_PER_LINE) {
                    sum += x[row + i];
                }
            }
        }
        return sum;
    }

    /**
     * V = B^T d B of the patches of tile row ty of the image at x[imageAt..], into the staging's panels (rows: the
     * 16 vectors between the passes of {@link Winograd#patchVector}). Channel c's padded rows 2 ty .. 2 ty + 3 lie
     * in rows 4 c .. 4 c + 3 of bands; when the previous call was tile row ty - 1 of the same image (continuing),
     * its lower two rows become the upper two, and only two rows are split anew.
     */
    private static void patches(Unfold.Geometry g, Winograd.Tiles t, float[] x, int imageAt, int ty,
                                boolean continuing, Winograd.SplitPlane bands, float[] rows,
                                Winograd.Staging staging) {
        for (int c = 0; c < g.channels(); c++) {
            int plane = imageAt + c * g.h() * g.w();
            int band = 4 * c;
            if (continuing) {
                bands.moveRows(band + 2, band, 2);
            }
            for (int r = continuing ? 2 : 0; r < 4; r++) {
                bands.loadRow(g, x, plane, 2 * ty + r, band + r);
            }
            Winograd.Staging channel = staging.from(c * NR);
            for (int tx = 0; tx < t.cols(); tx += L) {
                Winograd.patchVector(bands, band * bands.width + tx, rows, channel, tx);
            }
        }
    }

    /**
     * Whether {@link #inputGradient} computes this convolution's input gradient: padding of at most 2 on the top and
     * left, and input rows of enough tiles.
     */
    public static boolean suitsInputGradient(Unfold.Geometry g) {
        return g.padTop() <= 2 && g.padLeft() <= 2 && (g.w() + 1) / 2 >= MIN_TILE_COLUMNS;
    }

    /**
     * dx (B, C_in, H, W) = the input gradient of conv(x, w) from dy (B, C_out, outH, outW) at dy[dyOff..], w at
     * w[wOff..]: the adjoint of a 3 x 3 stride-1 convolution is one too, over dy with the filters turned by 180
     * degrees and their channels swapped, padded by 2 minus the padding (negative at the bottom or right where the
     * forward pass's padding was larger: those rows and columns of dy are then not read). dx is overwritten.
     */
    public static void inputGradient(Unfold.Geometry g, ConvLoops.Dims d, float[] w, int wOff, float[] dy,
                                     int dyOff, float[] dx) {
        int cin = g.channels();
        int cout = d.cout();
        float[] turned = new float[cin * cout * 9];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                for (int tap = 0; tap < 9; tap++) {
                    turned[(i * cout + o) * 9 + 8 - tap] = w[wOff + (o * cin + i) * 9 + tap];
                }
            }
        }
        Unfold.Geometry adjoint = new Unfold.Geometry(cout, g.outH(), g.outW(), 3, 3, 1, 1, 1, 1, 2 - g.padTop(),
                2 - g.padLeft(), g.h(), g.w());
        ConvLoops.Dims dims = new ConvLoops.Dims(d.batch(), 1, cin, cout * 9, g.h() * g.w(), cout * g.cols());
        forward(adjoint, dims, dy, dyOff, Winograd.filters(turned, 0, cin, cout), null, 0, dx);
    }

    /**
     * dw (C_out, C_in, 3, 3) += the weight gradient of conv(x, w) from dy (B, C_out, outH, outW) at dy[dyOff..], over
     * rows of tiles: M_xi^T (C_in x C_out) += V_xi (C_in x tiles) (A dY A^T)_xi^T (tiles x C_out) row by row, the
     * row's V staged as in the forward pass (the micro-kernel reads its channel rows in place) and its dY turned
     * channels-last first, so that the transform of each tile yields C_out-long vectors: the NR-wide panels of the
     * right-hand side. The rows are split into at most {@link #PARTS} parts fixed by the shape, each summed by one
     * thread into its own M^T, and the parts added in order: the same bits on any thread count.
     */
    public static void filterGradient(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] dy,
                                      int dyOff, float[] dw) {
        Winograd.Tiles t = Winograd.tiles(g, d);
        int cin = g.channels();
        int cout = d.cout();
        int panels = Math.ceilDiv(t.cols(), NR);
        int width = panels * NR;
        int outPanels = Math.ceilDiv(cout, NR);
        int columns = outPanels * NR;
        int rowsOfV = Math.ceilDiv(cin, MR) * MR;
        int vStride = Winograd.unaliased(panels * rowsOfV * NR);
        int gStride = Winograd.unaliased(panels * outPanels * NR * NR);
        int units = d.batch() * t.rows();
        int parts = Math.min(PARTS, units);
        float[][] sums = new float[parts][XI * rowsOfV * columns];
        Parallel.run(parts, part -> {
            // MR-row groups of V read past the last channel: rows of slack, their products discarded
            float[] v = new float[XI * vStride + L];
            float[] gy = new float[XI * gStride];
            float[] turned = new float[2 * 2 * width * columns + L];
            Winograd.SplitPlane bands = new Winograd.SplitPlane(4 * cin, t);
            Winograd.Staging staging = new Winograd.Staging(v, 0, vStride, rowsOfV * NR, width);
            float[] rows = new float[XI * L];
            float[] sum = sums[part];
            int first = units * part / parts;
            for (int unit = first; unit < units * (part + 1) / parts; unit++) {
                int image = unit / t.rows(), ty = unit % t.rows();
                int imageAt = xOff + image * d.imageSize();
                patches(g, t, x, imageAt, ty, unit > first && ty > 0, bands, rows, staging);
                touched = touchNextRows(g, x, imageAt, ty);
                Winograd.turnRows(g, cout, columns, dy, dyOff + image * cout * g.cols(), 2 * ty, 2, width, turned);
                for (int tile = 0; tile < width; tile++) {
                    for (int o = 0; o < columns; o += L) {
                        gradientsOfTile(turned, tile, o, columns, width, rows, gy, gStride, outPanels);
                    }
                }
                for (int xi = 0; xi < XI; xi++) {
                    for (int jt = 0; jt < panels; jt++) {
                        int vAt = xi * vStride + jt * rowsOfV * NR;
                        for (int jo = 0; jo < outPanels; jo++) {
                            int gAt = xi * gStride + (jt * outPanels + jo) * NR * NR;
                            for (int i = 0; i < rowsOfV; i += MR) {
                                int at = (xi * rowsOfV + i) * columns + jo * NR;
                                GemmKernels.rows(NR, v, vAt + i * NR, NR, gy, gAt, sum, at, columns, sum, at, columns);
                            }
                        }
                    }
                }
            }
        });
        Winograd.addInOrder(sums);
        float[] total = sums[0];
        float[] mw = new float[XI * cout * cin];
        for (int xi = 0; xi < XI; xi++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < cin; i++) {
                    mw[(xi * cout + o) * cin + i] = total[(xi * rowsOfV + i) * columns + o];
                }
            }
        }
        Winograd.filterGradients(mw, cout, cin, dw);
    }

    /**
     * A dY A^T of one tile for the output channels o .. o + L - 1, from the turned rows, into the right-hand side's
     * panels: element xi of tile p, channel o at gy[xi * step + (p / NR * outPanels + o / NR) * NR^2 +
     * (p % NR) * NR + o % NR]. A = [1 0; 1 1; 1 -1; 0 -1]; rows holds A dY between the passes.
     */
    private static void gradientsOfTile(float[] turned, int tile, int o, int columns, int width, float[] rows,
                                        float[] gy, int step, int outPanels) {
        int top = 2 * tile * columns + o;
        int bottom = top + 2 * width * columns;
        int at = ((tile / NR) * outPanels + o / NR) * NR * NR + (tile % NR) * NR + o % NR;
        // A down the tile's two columns; then each row of that through A over the columns
        Winograd.transformGradients(turned, top, turned, bottom, rows, 0, 2 * L);
        Winograd.transformGradients(turned, top + columns, turned, bottom + columns, rows, L, 2 * L);
        for (int i = 0; i < 4; i++) {
            Winograd.transformGradients(rows, 2 * i * L, rows, (2 * i + 1) * L, gy, at + 4 * i * step, step);
        }
    }

    /** U (element xi: C_out x C_in) as MR-tall panels, element (r, p) of a panel at p * MR + r; rows past C_out 0. */
    private static float[] packFilters(float[] u, int cout, int cin, int rowsOfU) {
        float[] packed = FILTERS.floats(XI * rowsOfU * cin);
        for (int xi = 0; xi < XI; xi++) {
            java.util.Arrays.fill(packed, (xi * rowsOfU + cout - cout % MR) * cin, (xi + 1) * rowsOfU * cin, 0f);
            for (int o = 0; o < cout; o++) {
                int panel = (xi * rowsOfU + o - o % MR) * cin;
                int src = (xi * cout + o) * cin;
                for (int p = 0; p < cin; p++) {
                    packed[panel + p * MR + o % MR] = u[src + p];
                }
            }
        }
        return packed;
    }
}

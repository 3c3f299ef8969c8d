package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * {@link Winograd}'s F(2x2, 3x3) forward pass one row of tiles at a time, with the transforms and the 16 products of
 * a row kept in the thread's cache: the row's input transforms V are staged straight into the NR-wide panels the
 * micro-kernel reads, the transformed filters U are packed once per call into its MR-tall panels, and the products
 * M land where the output transform reads them. The chunked path streams V and M (25.7 MB each at 64 -> 64 over
 * 56 x 56, batch 8) through memory and packs V again in every product; here a row's V and M (128 KiB each there)
 * never leave L2.
 * <p>
 * Each (image, tile row) is computed by one thread alone, summing over input channels in one order, so results do
 * not depend on the thread count; they equal the chunked path's up to the summation order of the products.
 */
public final class WinogradRows {
    private static final int XI = Winograd.XI;
    private static final int MR = GemmKernels.MR;
    private static final int NR = GemmKernels.NR;
    private static final int L = FastUnary.S.length();
    /** Fewer tile columns than this leave too much of a row's panels empty (28 x 28 outputs: 14 of 32). */
    private static final int MIN_TILE_COLUMNS = 24;
    private static final float[] ZERO = new float[NR];
    /** Each thread's transformed input row V, element by element, panel by panel, channel by channel. */
    private static final Scratch INPUTS = new Scratch();
    /** Each thread's products M for a row: element by element, C_out rows (rounded up to MR) of the row's width. */
    private static final Scratch OUTPUTS = new Scratch();
    /** The calling thread's packed filters. */
    private static final Scratch FILTERS = new Scratch();

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
        Parallel.range(d.batch() * t.rows(), 1, (from, to) -> {
            float[] v = INPUTS.floats(XI * panels * cin * NR + L);
            float[] m = OUTPUTS.floats(XI * rowsOfU * width + L);
            Winograd.SplitPlane band = new Winograd.SplitPlane(4, t);
            Winograd.Staging staging = new Winograd.Staging(v, 0, panels * cin * NR, cin * NR, width);
            float[][] y = new float[4][t.cols() + L];
            for (int unit = from; unit < to; unit++) {
                int image = unit / t.rows(), ty = unit % t.rows();
                int imageAt = xOff + image * d.imageSize();
                for (int c = 0; c < cin; c++) {
                    band.loadBand(g, x, imageAt + c * g.h() * g.w(), 2 * ty);
                    Winograd.Staging channel = staging.from(c * NR);
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        Winograd.patchVector(band, tx, channel, tx);
                    }
                }
                for (int xi = 0; xi < XI; xi++) {
                    for (int j = 0; j < panels; j++) {
                        int vAt = (xi * panels + j) * cin * NR;
                        for (int i = 0; i < rowsOfU; i += MR) {
                            GemmKernels.packed(cin, packed, (xi * rowsOfU + i) * cin, v, vAt, ZERO, 0, 0, m,
                                    (xi * rowsOfU + i) * width + j * NR, width);
                        }
                    }
                }
                int outAt = (image * cout) * g.cols();
                for (int o = 0; o < cout; o++) {
                    float b = bias == null ? 0f : bias[bOff + o];
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        Winograd.outputVector(m, o * width + tx, rowsOfU * width, b, y, tx);
                    }
                    Winograd.interleave(g, y, ty, out, outAt + o * g.cols());
                }
            }
        });
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

package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3 x 3 stride-1 convolutions by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray 2016), float32: each
 * 2 x 2 block of outputs (a tile) comes from a 4 x 4 input patch, transformed V = B^T d B, multiplied element by
 * element with the transformed filters U = G g G^T and transformed back, Y = A^T M A; summed over input channels,
 * the element-wise products become 16 GEMMs (one per element xi of the 4 x 4 transform: U_xi (C_out x C_in) times
 * V_xi (C_in x tiles)), with 16 multiplications per tile where direct convolution needs 36 (2.25x fewer).
 * <p>
 * The gradients use the same transforms, transposed: the input gradient is B Z B^T with Z_xi = U_xi^T (A dY A^T)_xi
 * (scatter-added over the overlapping patches), the weight gradient G^T M G with M_xi = sum over tiles of
 * (A dY A^T)_xi V_xi^T. The tiles of a chunk of images share one set of GEMMs; the chunk size depends on the shape
 * alone and every sum runs in a fixed order, so results do not depend on the thread count. The transforms with
 * points 0, 1, -1 only add, subtract and halve, so the rounding stays close to direct convolution's (measured in
 * the kernel tests).
 * <p>
 * The transforms read whole vectors: their arrays keep L floats of slack past the data, whose lanes are discarded.
 * Each transform's vector work sits in a method that takes and returns only arrays and indices (also for
 * {@link Winograd5} and {@link WinogradRows}): C2 stops inlining at a node count that the Vector API's many small
 * methods reach quickly, and a vector passed to or returned from a call that is not inlined is boxed.
 */
public final class Winograd {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    /** Lane i holds 2i (2i + 1): picks the even (odd) elements of two consecutive vectors. */
    private static final FloatVector EVENS = FloatVector.zero(S).addIndex(2);
    private static final FloatVector ODDS = EVENS.add(1f);
    /** Interleave two vectors l, r: l0 r0 l1 r1 .. from their low halves, then from their high halves. */
    private static final FloatVector ZIP_LOW = FloatVector.fromArray(S, zip(0), 0);
    private static final FloatVector ZIP_HIGH = FloatVector.fromArray(S, zip(L / 2), 0);
    /** Transform elements per tile: 4 x 4. */
    static final int XI = 16;
    /**
     * The most floats a chunk's transformed inputs and outputs may hold together (16 MiB), at least one image. The
     * filters' transforms (4.7 MB for AlexNet's conv3) are read once per chunk, so fewer chunks read them less often:
     * conv3's 16 forward GEMMs took 5.1-5.5 ms in four chunks, 3.7-3.9 ms in one (session 17).
     */
    private static final long CHUNK_BUDGET = 1L << 22;
    /** Rows of fewer tiles than this make a narrow map (see {@link #suits}). */
    private static final int NARROW_TILE_COLUMNS = 8;
    /** From this batch on, a narrow map's chunks outgrow the caches below 128 channels. */
    private static final int LARGE_BATCH = 64;
    /** Fewer channels than this on either side make GEMMs too thin for the transforms to pay. */
    private static final int MIN_CHANNELS = 16;
    /**
     * Fewer tiles than this in a call (batch-1 inference on small images) leave the 16 GEMMs too narrow:
     * alexnet-small at batch 1 (7 x 7 and 14 x 14 layers, 16 and 49 tiles) took 901-924 us with them, 534-554
     * without.
     */
    private static final int MIN_TILES = 128;

    /**
     * Filters (and their gradients) pass through a staging block of this many input channels: U_xi lie
     * C_out x C_in floats apart, often a multiple of 4 KiB, where 16 interleaved streams of single accesses fight
     * over one L1 set; staged, each U_xi row is copied as one run (AlexNet's conv3, 384 x 192: 8.1 ms a call on
     * one thread before, 2.0 after).
     */
    private static final int FILTER_BLOCK = 64;
    /** Each thread's transformed inputs V (or the input gradients Z) of a chunk. */
    private static final Scratch INPUTS = new Scratch();
    /** Each thread's transformed outputs M (or the output gradients A dY A^T) of a chunk. */
    private static final Scratch OUTPUTS = new Scratch();
    /** Each thread's filter gradients before the inverse transform, M_xi summed over the batch. */
    private static final Scratch FILTER_GRADIENTS = new Scratch();

    private Winograd() {}

    /** Lane i of an interleaving of two vectors from lane first on: first + i / 2 of the left (even i), the right. */
    private static float[] zip(int first) {
        float[] lanes = new float[L];
        for (int i = 0; i < L; i++) {
            lanes[i] = first + i / 2 + (i % 2) * L;
        }
        return lanes;
    }

    /** Whether this path computes the convolution: 3 x 3, stride 1, no dilation, one group. */
    public static boolean computes(Unfold.Geometry g, ConvLoops.Dims d) {
        return g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1
                && d.groups() == 1;
    }

    /**
     * Whether this path should run the convolution: one it computes, with enough channels on both sides and enough
     * tiles in the call for 16 GEMMs and the filter transform to pay, and not one of the narrow maps where im2col
     * and one GEMM win. There, tile rows of fewer than 8 tiles leave most lanes of the row-vectorised transforms idle
     * (7 of 16 at 14 x 14), and the chunks of a large batch stream V and M through memory. Forward + backward,
     * columns' time over Winograd's (session 23): batch 128, 32 -> 64 at 14 x 14 0.78, 64 -> 96 and 96 -> 64 at
     * 7 x 7 0.79 and 0.81, 64 -> 64 at 14 x 14 0.96; batch 8, 32 -> 64 0.92 but 64 -> 96 at 7 x 7 1.15 and 64 -> 64
     * at 14 x 14 1.06; 128 and more channels: 0.95-1.57.
     */
    public static boolean suits(Unfold.Geometry g, ConvLoops.Dims d) {
        long tiles = (long) d.batch() * ((g.outH() + 1) / 2) * ((g.outW() + 1) / 2);
        int fewer = Math.min(g.channels(), d.cout());
        boolean narrow = (g.outW() + 1) / 2 < NARROW_TILE_COLUMNS
                && (fewer < 64 || fewer < 128 && d.batch() >= LARGE_BATCH);
        return computes(g, d) && fewer >= MIN_CHANNELS && tiles >= MIN_TILES && !narrow;
    }

    /** The tiling of one shape: tile rows and columns per image, images per chunk. */
    record Tiles(int rows, int cols, int images) {
        int perImage() {
            return rows * cols;
        }

        /**
         * The row length of a chunk of n images' tiles in the GEMMs' operands: their count rounded up to whole
         * micro-kernel panels, the padding zero in the operands summed over (a part panel cost more than a whole:
         * 384 x 98 x 192 took 124 us on one thread, 384 x 128 x 192 101 us).
         */
        int width(int n) {
            return Math.ceilDiv(n * perImage(), GemmKernels.NR) * GemmKernels.NR;
        }
    }

    static Tiles tiles(Unfold.Geometry g, ConvLoops.Dims d) {
        int rows = (g.outH() + 1) / 2;
        int cols = (g.outW() + 1) / 2;
        long perImage = (long) XI * (g.channels() + d.cout()) * rows * cols;
        int images = (int) Math.max(1, Math.min(d.batch(), CHUNK_BUDGET / perImage));
        return new Tiles(rows, cols, images);
    }

    /**
     * out (B, C_out, outH, outW) = conv(x, w) + bias (null for none), with u = {@link #filters} of w (kept by the
     * caller for the backward pass).
     */
    public static void forward(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] u, float[] bias,
                               int bOff, float[] out) {
        Tiles t = tiles(g, d);
        int cin = g.channels();
        int cout = d.cout();
        float[] v = INPUTS.floats(XI * cin * t.width(t.images()) + L);
        float[] m = OUTPUTS.floats(XI * cout * t.width(t.images()) + L);
        for (int b0 = 0; b0 < d.batch(); b0 += t.images()) {
            int n = Math.min(t.images(), d.batch() - b0);
            int cols = t.width(n);
            patches(g, t, x, xOff + b0 * d.imageSize(), n, v, cols);
            eachElement(xi -> FastGemm.gemm(cout, cols, cin, u, xi * cout * cin, cin, 1, v, xi * cin * cols, cols, 1,
                    m, xi * cout * cols, cols, false));
            outputs(g, t, cout, m, cols, n, bias, bOff, out, b0 * cout * g.cols());
        }
    }

    /**
     * Runs one product per transform element, the 16 shared by the threads and each computed by one thread alone:
     * one parallel region for the 16 GEMMs instead of one each, and thread-count independent results.
     */
    private static void eachElement(java.util.function.IntConsumer product) {
        Parallel.range(XI, 1, (from, to) -> {
            for (int xi = from; xi < to; xi++) {
                product.accept(xi);
            }
        });
    }

    /**
     * Gradients from dy (B, C_out, outH, outW) at dy[dyOff..]: dx (zero-filled, B x C_in x H x W) += its part when
     * not null (from u, the forward pass's {@link #filters}); dw (C_out, C_in, 3, 3) and db (C_out) += theirs when
     * not null.
     */
    public static void backward(Unfold.Geometry g, ConvLoops.Dims d, float[] x, int xOff, float[] u, float[] dy,
                                int dyOff, float[] dx, float[] dw, float[] db) {
        Tiles t = tiles(g, d);
        int cin = g.channels();
        int cout = d.cout();
        float[] v = INPUTS.floats(XI * cin * t.width(t.images()) + L);
        float[] gy = OUTPUTS.floats(XI * cout * t.width(t.images()) + L);
        float[] mw = dw == null ? null : FILTER_GRADIENTS.floats(XI * cout * cin);
        // only the bias's gradient wanted (the input's computed elsewhere): no transforms
        int images = dw == null && dx == null ? 0 : d.batch();
        for (int b0 = 0; b0 < images; b0 += t.images()) {
            int n = Math.min(t.images(), d.batch() - b0);
            int cols = t.width(n);
            boolean first = b0 == 0;
            gradients(g, t, cout, dy, dyOff + b0 * cout * g.cols(), n, gy, cols);
            if (dw != null) {
                patches(g, t, x, xOff + b0 * d.imageSize(), n, v, cols);
                // M_xi (C_out x C_in) += (A dY A^T)_xi (C_out x tiles) V_xi^T (tiles x C_in)
                eachElement(xi -> FastGemm.gemm(cout, cin, cols, gy, xi * cout * cols, cols, 1, v, xi * cin * cols, 1,
                        cols, mw, xi * cout * cin, cin, !first));
            }
            if (dx != null) {
                // Z_xi (C_in x tiles) = U_xi^T (C_in x C_out) (A dY A^T)_xi (C_out x tiles), into v's room
                eachElement(xi -> FastGemm.gemm(cin, cols, cout, u, xi * cout * cin, 1, cin, gy, xi * cout * cols, cols,
                        1, v, xi * cin * cols, cols, false));
                inputGradients(g, t, v, cols, n, dx, b0 * d.imageSize());
            }
        }
        if (dw != null) {
            filterGradients(mw, cout, cin, dw);
        }
        if (db != null) {
            int plane = g.cols();
            Parallel.range(cout, 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    double s = 0;
                    for (int b = 0; b < d.batch(); b++) {
                        int row = dyOff + (b * cout + c) * plane;
                        for (int i = 0; i < plane; i++) s += dy[row + i];
                    }
                    db[c] += (float) s;
                }
            });
        }
    }

    /**
     * U = G g G^T for every filter of w (C_out, C_in, 3, 3) at w[wOff..]: u[(xi * C_out + o) * C_in + i],
     * G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1].
     */
    public static float[] filters(float[] w, int wOff, int cout, int cin) {
        float[] u = new float[XI * cout * cin];
        int step = cout * cin;
        Parallel.range(cout, 1, (from, to) -> {
            float[] staged = new float[XI * FILTER_BLOCK];
            float[] q = new float[12];
            for (int o = from; o < to; o++) {
                for (int i0 = 0; i0 < cin; i0 += FILTER_BLOCK) {
                    int count = Math.min(FILTER_BLOCK, cin - i0);
                    for (int j = 0; j < count; j++) {
                        int f = wOff + (o * cin + i0 + j) * 9;
                        for (int c = 0; c < 3; c++) {
                            float g0 = w[f + c], g1 = w[f + 3 + c], g2 = w[f + 6 + c];
                            q[c] = g0;
                            q[3 + c] = 0.5f * (g0 + g1 + g2);
                            q[6 + c] = 0.5f * (g0 - g1 + g2);
                            q[9 + c] = g2;
                        }
                        for (int r = 0; r < 4; r++) {
                            float q0 = q[3 * r], q1 = q[3 * r + 1], q2 = q[3 * r + 2];
                            int at = 4 * r * FILTER_BLOCK + j;
                            staged[at] = q0;
                            staged[at + FILTER_BLOCK] = 0.5f * (q0 + q1 + q2);
                            staged[at + 2 * FILTER_BLOCK] = 0.5f * (q0 - q1 + q2);
                            staged[at + 3 * FILTER_BLOCK] = q2;
                        }
                    }
                    for (int xi = 0; xi < XI; xi++) {
                        System.arraycopy(staged, xi * FILTER_BLOCK, u, xi * step + o * cin + i0, count);
                    }
                }
            }
        });
        return u;
    }

    /**
     * V = B^T d B of every patch of n images at x[xOff..]: v[(xi * C_in + c) * cols + tile], tiles numbered image by
     * image, row by row, zeros from the last tile to the row's end. B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].
     * Vectorised over a row of tiles: the padded plane is kept as its even and odd columns, so that column 2 tx + j
     * of every tile in a row is one contiguous run (even[tx], odd[tx], even[tx + 1], odd[tx + 1]).
     */
    private static void patches(Unfold.Geometry g, Tiles t, float[] x, int xOff, int n, float[] v, int cols) {
        int cin = g.channels();
        int step = cin * cols;
        Parallel.range(n * cin, 1, (from, to) -> {
            SplitPlane p = new SplitPlane(t);
            Staging staged = new Staging(t);
            float[] rows = new float[XI * L];
            for (int r = from; r < to; r++) {
                int c = r / n, image = r % n;
                p.load(g, x, xOff + (image * cin + c) * g.h() * g.w());
                for (int ty = 0; ty < t.rows(); ty++) {
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        patchVector(p, 2 * ty * p.width + tx, rows, staged, ty * t.cols() + tx);
                    }
                }
                staged.copyTo(v, c * cols + image * t.perImage(), step);
            }
        });
        zeroPadding(v, XI * cin, cols, n * t.perImage());
    }

    /** Zeros columns used .. cols - 1 of the rows of a chunk's operand (cols floats a row). */
    private static void zeroPadding(float[] a, int rows, int cols, int used) {
        if (used < cols) {
            for (int row = 0; row < rows; row++) {
                java.util.Arrays.fill(a, row * cols + used, (row + 1) * cols, 0f);
            }
        }
    }

    /**
     * Where the 16 transformed rows of tiles of one image plane go: element xi of tile t at
     * rows[at + xi * elementStride + (t / NR) * panelStride + t % NR]. A plane's own staging (panels laid end to end,
     * each row with a vector of slack: a vector written at a tile row's last tiles spills into the next row's start,
     * which is written after it) is copied out whole; {@link WinogradRows} stages straight into a GEMM operand's
     * NR-wide panels.
     */
    static final class Staging {
        final float[] rows;
        final int at;
        final int elementStride;
        final int panelStride;
        final int tiles;

        Staging(Tiles t) {
            this(new float[XI * (t.perImage() + L)], 0, t.perImage() + L, GemmKernels.NR, t.perImage());
        }

        Staging(float[] rows, int at, int elementStride, int panelStride, int tiles) {
            this.rows = rows;
            this.at = at;
            this.elementStride = elementStride;
            this.panelStride = panelStride;
            this.tiles = tiles;
        }

        /** The same array and layout from another offset. */
        Staging from(int offset) {
            return new Staging(rows, offset, elementStride, panelStride, tiles);
        }

        /** Where element 0 of the given tile goes; element xi lies xi * elementStride further. */
        int first(int tile) {
            int panel = tile / GemmKernels.NR;
            return at + panel * panelStride + tile - panel * GemmKernels.NR;
        }

        /** The plane's tiles of element xi to a[at + xi * step ..], for every xi (a plane's own staging only). */
        void copyTo(float[] a, int at, int step) {
            for (int xi = 0; xi < XI; xi++) {
                System.arraycopy(rows, xi * elementStride, a, at + xi * step, tiles);
            }
        }
    }

    /**
     * B^T d B of a vector of tiles in one row, whose patches start at the split plane's (even and odd) position at,
     * staged from the given tile on; rows holds the 16 vectors of B^T d between the two passes. With vectors passed
     * between methods instead, C2 boxed them where it stopped inlining: AlexNet's conv4 allocated ~1.5 GB/s and, in 6
     * of 10 runs, fell to a quarter of its speed clearing the heap's fresh pages.
     */
    static void patchVector(SplitPlane p, int at, float[] rows, Staging staged, int tile) {
        int w = p.width;
        // B^T down the patches' four column positions: even, odd, next even, next odd
        transformInputs(p.even, at, w, rows, 0, 4 * L);
        transformInputs(p.odd, at, w, rows, L, 4 * L);
        transformInputs(p.even, at + 1, w, rows, 2 * L, 4 * L);
        transformInputs(p.odd, at + 1, w, rows, 3 * L, 4 * L);
        int first = staged.first(tile);
        for (int i = 0; i < 4; i++) {
            transformInputs(rows, 4 * i * L, L, staged.rows, first + 4 * i * staged.elementStride,
                    staged.elementStride);
        }
    }

    /**
     * B^T of four vectors d_k = a[at + k step]: d0 - d2, d1 + d2, d2 - d1, d1 - d3 to out[to + k outStep], k = 0..3.
     */
    private static void transformInputs(float[] a, int at, int step, float[] out, int to, int outStep) {
        FloatVector d0 = FloatVector.fromArray(S, a, at), d1 = FloatVector.fromArray(S, a, at + step);
        FloatVector d2 = FloatVector.fromArray(S, a, at + 2 * step), d3 = FloatVector.fromArray(S, a, at + 3 * step);
        d0.sub(d2).intoArray(out, to);
        d1.add(d2).intoArray(out, to + outStep);
        d2.sub(d1).intoArray(out, to + 2 * outStep);
        d1.sub(d3).intoArray(out, to + 3 * outStep);
    }

    /**
     * One zero-padded input plane ((2 rows + 2) x (2 cols + 2), the image at (padTop, padLeft)) kept as its even
     * and its odd columns, each rows x width with width = tile columns + 1 + L: the lanes of a full vector past the
     * last tile fall into the slack of their own row.
     */
    static final class SplitPlane {
        final int width;
        final int rows;
        final int columns;
        final float[] even;
        final float[] odd;

        SplitPlane(Tiles t) {
            this(2 * t.rows() + 2, t);
        }

        /** A band of the given number of padded rows. */
        SplitPlane(int rows, Tiles t) {
            this(rows, t.cols() + 1);
        }

        /** A band of the given number of padded rows and of column pairs (even and odd columns). */
        SplitPlane(int rows, int columns) {
            this.columns = columns;
            width = columns + L;
            this.rows = rows;
            even = new float[rows * width + L];
            odd = new float[rows * width + L];
        }

        /** The image plane at x[at..] (H x W), padded with zeros. */
        void load(Unfold.Geometry g, float[] x, int at) {
            clear();
            int h = Math.min(g.h(), rows - g.padTop());
            int w = Math.min(g.w(), 2 * columns - g.padLeft());
            for (int y = 0; y < h; y++) {
                splitRow(x, at + y * g.w(), w, g.padLeft(), (y + g.padTop()) * width);
            }
        }

        /** Padded rows top .. top + rows - 1 of the image plane at x[at..] (H x W), zeros outside the image. */
        void loadBand(Unfold.Geometry g, float[] x, int at, int top) {
            for (int r = 0; r < rows; r++) {
                loadRow(g, x, at, top + r, r);
            }
        }

        /**
         * Padded row y of the image plane at x[at..] (H x W) into row r of this plane, zeros outside the image. The
         * row's columns outside the image are left as they are: zero, as every row of a plane is split alike.
         */
        void loadRow(Unfold.Geometry g, float[] x, int at, int y, int r) {
            int imageRow = y - g.padTop();
            if (imageRow < 0 || imageRow >= g.h()) {
                java.util.Arrays.fill(even, r * width, (r + 1) * width, 0f);
                java.util.Arrays.fill(odd, r * width, (r + 1) * width, 0f);
                return;
            }
            int lead = g.padLeft();
            splitRow(x, at + imageRow * g.w(), Math.min(g.w(), 2 * columns - lead), lead, r * width);
        }

        /** Rows from .. from + count - 1 copied whole to rows to .. to + count - 1. */
        void moveRows(int from, int to, int count) {
            System.arraycopy(even, from * width, even, to * width, count * width);
            System.arraycopy(odd, from * width, odd, to * width, count * width);
        }

        /**
         * Image row x[src .. src + w - 1] into the plane row at dst: image column c lies at padded column c + lead,
         * even ones in even, odd ones in odd. Pairs of vectors split by two permutes.
         */
        private void splitRow(float[] x, int src, int w, int lead, int dst) {
            // with lead even, image columns c, c + 2, .. fall on even padded columns, with lead odd on odd ones
            float[] first = lead % 2 == 0 ? even : odd;
            float[] second = lead % 2 == 0 ? odd : even;
            int firstAt = dst + lead / 2;
            int secondAt = dst + (lead + 1) / 2;
            int c = 0;
            for (; c + 2 * L <= w; c += 2 * L) {
                FloatVector a = FloatVector.fromArray(S, x, src + c), b = FloatVector.fromArray(S, x, src + c + L);
                EVENS.selectFrom(a, b).intoArray(first, firstAt + c / 2);
                ODDS.selectFrom(a, b).intoArray(second, secondAt + c / 2);
            }
            if (c < w) {
                // the lanes past the row read as zeros and land in the right padding or the row's slack
                FloatVector a = FloatVector.fromArray(S, x, src + c, S.indexInRange(c, w));
                FloatVector b = FloatVector.fromArray(S, x, src + c + L, S.indexInRange(c + L, w));
                EVENS.selectFrom(a, b).intoArray(first, firstAt + c / 2);
                ODDS.selectFrom(a, b).intoArray(second, secondAt + c / 2);
            }
        }

        void clear() {
            java.util.Arrays.fill(even, 0f);
            java.util.Arrays.fill(odd, 0f);
        }

        /** dx[at..] (H x W) += the plane's interior. */
        void addTo(Unfold.Geometry g, float[] dx, int at) {
            int h = Math.min(g.h(), rows - g.padTop());
            int w = Math.min(g.w(), 2 * columns - g.padLeft());
            for (int y = 0; y < h; y++) {
                int src = (y + g.padTop()) * width;
                int dst = at + y * g.w();
                for (int c = 0; c < w; c++) {
                    int pc = c + g.padLeft();
                    dx[dst + c] += (pc % 2 == 0 ? even : odd)[src + pc / 2];
                }
            }
        }
    }

    /**
     * Y = A^T M A of every tile, plus the bias, into n images of out (B, C_out, outH, outW) from out[outOff..]; the
     * parts of edge tiles beyond the output are dropped. A^T = [1 1 1 0; 0 1 -1 -1]. Vectorised over all tiles of
     * an image plane, rows run together (a 7-tile row alone left 9 of 16 lanes idle), whose four outputs are then
     * interleaved into the output rows.
     */
    private static void outputs(Unfold.Geometry g, Tiles t, int cout, float[] m, int cols, int n, float[] bias,
                                int bOff, float[] out, int outOff) {
        int step = cout * cols;
        Parallel.range(n * cout, 1, (from, to) -> {
            float[][] y = new float[4][t.perImage() + L];
            for (int r = from; r < to; r++) {
                int o = r / n, image = r % n;
                float b = bias == null ? 0f : bias[bOff + o];
                int plane = outOff + (image * cout + o) * g.cols();
                int base = o * cols + image * t.perImage();
                for (int tile = 0; tile < t.perImage(); tile += L) {
                    outputVector(m, base + tile, step, b, y, tile);
                }
                for (int ty = 0; ty < t.rows(); ty++) {
                    interleave(g, y, ty * t.cols(), ty, out, plane);
                }
            }
        });
    }

    /**
     * The output rows of tile row ty (those inside the output) from the even and odd columns y[0..3] of
     * {@link #outputVector}, the row's first tile at y[k][at], into the output plane at out[plane..].
     */
    static void interleave(Unfold.Geometry g, float[][] y, int at, int ty, float[] out, int plane) {
        for (int dy = 0; dy < 2 && 2 * ty + dy < g.outH(); dy++) {
            int row = plane + (2 * ty + dy) * g.outW();
            float[] left = y[2 * dy];
            float[] right = y[2 * dy + 1];
            int xo = 0;
            for (; xo + 2 * L <= g.outW(); xo += 2 * L) {
                FloatVector l = FloatVector.fromArray(S, left, at + xo / 2);
                FloatVector r = FloatVector.fromArray(S, right, at + xo / 2);
                ZIP_LOW.selectFrom(l, r).intoArray(out, row + xo);
                ZIP_HIGH.selectFrom(l, r).intoArray(out, row + xo + L);
            }
            for (; xo < g.outW(); xo++) {
                out[row + xo] = (xo % 2 == 0 ? left : right)[at + xo / 2];
            }
        }
    }

    /**
     * A^T M A plus the bias for a vector of tiles from m[at..] (element xi at + xi * step apart): the four output
     * rows' even and odd columns of the tiles into y[0..3] at tx.
     */
    static void outputVector(float[] m, int at, int step, float b, float[][] y, int tx) {
        FloatVector bias = FloatVector.broadcast(S, b);
        // columns 0..3 of A^T M: rows m0 + m1 + m2 (top) and m1 - m2 - m3 (bottom)
        FloatVector m1 = FloatVector.fromArray(S, m, at + 4 * step), m2 = FloatVector.fromArray(S, m, at + 8 * step);
        FloatVector top0 = FloatVector.fromArray(S, m, at).add(m1).add(m2);
        FloatVector bottom0 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 12 * step));
        m1 = FloatVector.fromArray(S, m, at + 5 * step);
        m2 = FloatVector.fromArray(S, m, at + 9 * step);
        FloatVector top1 = FloatVector.fromArray(S, m, at + step).add(m1).add(m2);
        FloatVector bottom1 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 13 * step));
        m1 = FloatVector.fromArray(S, m, at + 6 * step);
        m2 = FloatVector.fromArray(S, m, at + 10 * step);
        FloatVector top2 = FloatVector.fromArray(S, m, at + 2 * step).add(m1).add(m2);
        FloatVector bottom2 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 14 * step));
        m1 = FloatVector.fromArray(S, m, at + 7 * step);
        m2 = FloatVector.fromArray(S, m, at + 11 * step);
        FloatVector top3 = FloatVector.fromArray(S, m, at + 3 * step).add(m1).add(m2);
        FloatVector bottom3 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 15 * step));
        top0.add(top1).add(top2).add(bias).intoArray(y[0], tx);
        top1.sub(top2).sub(top3).add(bias).intoArray(y[1], tx);
        bottom0.add(bottom1).add(bottom2).add(bias).intoArray(y[2], tx);
        bottom1.sub(bottom2).sub(bottom3).add(bias).intoArray(y[3], tx);
    }

    /**
     * A dY A^T of every 2 x 2 block of output gradients (zero beyond the output): gy[(xi * C_out + o) * cols + tile].
     * A = [1 0; 1 1; 1 -1; 0 -1]. The block rows of an image plane are split into even and odd columns, tile row
     * after tile row, and transformed a vector of tiles at a time across the rows.
     */
    private static void gradients(Unfold.Geometry g, Tiles t, int cout, float[] dy, int dyOff, int n, float[] gy,
                                  int cols) {
        int step = cout * cols;
        Parallel.range(n * cout, 1, (from, to) -> {
            // lanes past the last tile keep older values: they only reach staging slack
            float[][] split = new float[4][t.perImage() + L];
            Staging staged = new Staging(t);
            float[] rows = new float[2 * 4 * L];
            for (int r = from; r < to; r++) {
                int o = r / n, image = r % n;
                int plane = dyOff + (image * cout + o) * g.cols();
                for (int ty = 0; ty < t.rows(); ty++) {
                    int at = ty * t.cols();
                    for (int dr = 0; dr < 2; dr++) {
                        float[] evens = split[2 * dr];
                        float[] odds = split[2 * dr + 1];
                        if (2 * ty + dr >= g.outH()) {
                            java.util.Arrays.fill(evens, at, at + t.cols(), 0f);
                            java.util.Arrays.fill(odds, at, at + t.cols(), 0f);
                            continue;
                        }
                        int row = plane + (2 * ty + dr) * g.outW();
                        for (int j = 0; 2 * j < g.outW(); j++) {
                            evens[at + j] = dy[row + 2 * j];
                        }
                        for (int j = 0; 2 * j + 1 < g.outW(); j++) {
                            odds[at + j] = dy[row + 2 * j + 1];
                        }
                        if (g.outW() % 2 == 1) {
                            odds[at + t.cols() - 1] = 0f;
                        }
                    }
                }
                for (int tile = 0; tile < t.perImage(); tile += L) {
                    gradientVector(split, tile, rows, staged);
                }
                staged.copyTo(gy, o * cols + image * t.perImage(), step);
            }
        });
        zeroPadding(gy, XI * cout, cols, n * t.perImage());
    }

    /**
     * A dY A^T of the vector of blocks from the given tile on, read from the split rows and staged at the same tile;
     * rows holds the 8 vectors of A dY between the two passes.
     */
    private static void gradientVector(float[][] split, int tile, float[] rows, Staging staged) {
        // A down the blocks' two columns, even and odd; then each row of that through A over the columns
        transformGradients(split[0], tile, split[2], tile, rows, 0, 2 * L);
        transformGradients(split[1], tile, split[3], tile, rows, L, 2 * L);
        int first = staged.first(tile);
        for (int i = 0; i < 4; i++) {
            transformGradients(rows, 2 * i * L, rows, (2 * i + 1) * L, staged.rows,
                    first + 4 * i * staged.elementStride, staged.elementStride);
        }
    }

    /** A of two vectors p0 = a[aAt], p1 = b[bAt]: p0, p0 + p1, p0 - p1, -p1 to out[to + k outStep], k = 0..3. */
    static void transformGradients(float[] a, int aAt, float[] b, int bAt, float[] out, int to, int outStep) {
        FloatVector p0 = FloatVector.fromArray(S, a, aAt), p1 = FloatVector.fromArray(S, b, bAt);
        p0.intoArray(out, to);
        p0.add(p1).intoArray(out, to + outStep);
        p0.sub(p1).intoArray(out, to + 2 * outStep);
        p1.neg().intoArray(out, to + 3 * outStep);
    }

    /**
     * dx (n images from dx[dxOff..]) += the patches' gradients B Z B^T, scatter-added over the overlapping patches
     * into a split zero-padded plane whose interior is the image. B = [1 0 0 0; 0 1 -1 1; -1 1 1 0; 0 0 0 -1].
     */
    private static void inputGradients(Unfold.Geometry g, Tiles t, float[] z, int cols, int n, float[] dx,
                                       int dxOff) {
        int cin = g.channels();
        int step = cin * cols;
        Parallel.range(n * cin, 1, (from, to) -> {
            SplitPlane p = new SplitPlane(t);
            float[] e = new float[XI * L];
            for (int r = from; r < to; r++) {
                p.clear();
                int channel = r / n, image = r % n;
                int base = channel * cols + image * t.perImage();
                for (int ty = 0; ty < t.rows(); ty++) {
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        inputVector(z, base + ty * t.cols() + tx, step, Math.min(L, t.cols() - tx), e, p,
                                2 * ty * p.width + tx);
                    }
                }
                p.addTo(g, dx, dxOff + (image * cin + channel) * g.h() * g.w());
            }
        });
    }

    /**
     * B Z B^T of a vector of tiles from z[at..] (element xi at + xi * step apart), of which the first {@code valid}
     * are tiles (the other lanes add nothing), added to the split plane where the patches start at q.
     */
    private static void inputVector(float[] z, int at, int step, int valid, float[] e, SplitPlane p, int q) {
        VectorMask<Float> live = S.indexInRange(0, valid);
        // B Z column by column (z0, z1 - z2 + z3, z1 + z2 - z0, -z3 down each column), kept as e[(4 row + column)
        // L ..]; then each row of it through B^T, added where its patch lies
        for (int c = 0; c < 4; c++) {
            FloatVector z0 = FloatVector.fromArray(S, z, at + c * step, live);
            FloatVector z1 = FloatVector.fromArray(S, z, at + (4 + c) * step, live);
            FloatVector z2 = FloatVector.fromArray(S, z, at + (8 + c) * step, live);
            FloatVector z3 = FloatVector.fromArray(S, z, at + (12 + c) * step, live);
            z0.intoArray(e, c * L);
            z1.sub(z2).add(z3).intoArray(e, (4 + c) * L);
            z1.add(z2).sub(z0).intoArray(e, (8 + c) * L);
            z3.neg().intoArray(e, (12 + c) * L);
        }
        for (int row = 0; row < 4; row++) {
            inputRow(e, 4 * row * L, p, q + row * p.width);
        }
    }

    /**
     * One row (e0, e1, e2, e3) of B Z from e[at + k L] through B^T: e0, e1 - e2 + e3, e1 + e2 - e0, -e3 added to the
     * split plane's even, odd, next even and next odd columns at pr.
     */
    private static void inputRow(float[] e, int at, SplitPlane p, int pr) {
        FloatVector e0 = FloatVector.fromArray(S, e, at), e1 = FloatVector.fromArray(S, e, at + L);
        FloatVector e2 = FloatVector.fromArray(S, e, at + 2 * L), e3 = FloatVector.fromArray(S, e, at + 3 * L);
        FloatVector.fromArray(S, p.even, pr).add(e0).intoArray(p.even, pr);
        FloatVector.fromArray(S, p.odd, pr).add(e1.sub(e2).add(e3)).intoArray(p.odd, pr);
        FloatVector.fromArray(S, p.even, pr + 1).add(e1.add(e2).sub(e0)).intoArray(p.even, pr + 1);
        FloatVector.fromArray(S, p.odd, pr + 1).add(e3.neg()).intoArray(p.odd, pr + 1);
    }

    /**
     * A stride between the transform elements' rows that is not a multiple of 4 KiB (1024 floats): at such strides
     * the 16 or 36 vectors a tile's transform reads or writes share one set of the 12-way L1 cache.
     */
    static int unaliased(int stride) {
        return stride % 1024 == 0 ? stride + L : stride;
    }

    /**
     * dY rows first .. first + rows - 1 of one image's C_out planes (from dy[at..]) channels-last, for the weight
     * gradients by rows: turned[(r * 2 rowTiles + column) * columns + o], zero past the output and past C_out.
     */
    static void turnRows(Unfold.Geometry g, int cout, int columns, float[] dy, int at, int first, int rows,
                         int rowTiles, float[] turned) {
        java.util.Arrays.fill(turned, 0f);
        for (int r = 0; r < rows && first + r < g.outH(); r++) {
            int rowAt = r * 2 * rowTiles * columns;
            for (int o = 0; o < cout; o++) {
                int src = at + o * g.cols() + (first + r) * g.outW();
                for (int xo = 0; xo < g.outW(); xo++) {
                    turned[rowAt + xo * columns + o] = dy[src + xo];
                }
            }
        }
    }

    /**
     * sums[0] += sums[1], then sums[2], ...: parts added in their order (each element's order fixed, so the threads
     * share the elements out). The arrays' length is a multiple of L.
     */
    static void addInOrder(float[][] sums) {
        float[] total = sums[0];
        for (int part = 1; part < sums.length; part++) {
            float[] next = sums[part];
            Parallel.range(total.length / L, 256, (from, to) -> {
                for (int k = from * L; k < to * L; k += L) {
                    FloatVector.fromArray(S, total, k).add(FloatVector.fromArray(S, next, k)).intoArray(total, k);
                }
            });
        }
    }

    /** dw (C_out, C_in, 3, 3) += G^T M G for every filter, M_xi at mw[(xi * C_out + o) * C_in + i]. */
    static void filterGradients(float[] mw, int cout, int cin, float[] dw) {
        int step = cout * cin;
        Parallel.range(cout, 1, (from, to) -> {
            float[] staged = new float[XI * FILTER_BLOCK];
            float[] h = new float[12];
            for (int o = from; o < to; o++) {
                for (int i0 = 0; i0 < cin; i0 += FILTER_BLOCK) {
                    int count = Math.min(FILTER_BLOCK, cin - i0);
                    for (int xi = 0; xi < XI; xi++) {
                        System.arraycopy(mw, xi * step + o * cin + i0, staged, xi * FILTER_BLOCK, count);
                    }
                    for (int j = 0; j < count; j++) {
                        for (int col = 0; col < 4; col++) {
                            // column col of G^T M: rows m0 + (m1 + m2) / 2, (m1 - m2) / 2, (m1 + m2) / 2 + m3
                            float m0 = staged[col * FILTER_BLOCK + j], m1 = staged[(4 + col) * FILTER_BLOCK + j];
                            float m2 = staged[(8 + col) * FILTER_BLOCK + j], m3 = staged[(12 + col) * FILTER_BLOCK + j];
                            h[col] = m0 + 0.5f * (m1 + m2);
                            h[4 + col] = 0.5f * (m1 - m2);
                            h[8 + col] = 0.5f * (m1 + m2) + m3;
                        }
                        int f = (o * cin + i0 + j) * 9;
                        for (int row = 0; row < 3; row++) {
                            float h0 = h[4 * row], h1 = h[4 * row + 1], h2 = h[4 * row + 2], h3 = h[4 * row + 3];
                            dw[f + 3 * row] += h0 + 0.5f * (h1 + h2);
                            dw[f + 3 * row + 1] += 0.5f * (h1 - h2);
                            dw[f + 3 * row + 2] += 0.5f * (h1 + h2) + h3;
                        }
                    }
                }
            }
        });
    }
}

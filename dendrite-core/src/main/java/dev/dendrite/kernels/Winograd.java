package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
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
 */
public final class Winograd {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    /** Transform elements per tile: 4 x 4. */
    private static final int XI = 16;
    /**
     * The most floats a chunk's transformed inputs and outputs may hold together (4 MiB), at least one image: with
     * 16 MiB the 56 x 56 layer's speed-up over im2col was 1.39 instead of 1.45 (BENCHMARKS.md, session 11).
     */
    private static final long CHUNK_BUDGET = 1L << 20;
    /** Fewer channels than this on either side make GEMMs too thin for the transforms to pay. */
    private static final int MIN_CHANNELS = 16;
    /**
     * Fewer tiles than this in a call (batch-1 inference on small images) leave the 16 GEMMs too narrow:
     * alexnet-small at batch 1 (7 x 7 and 14 x 14 layers, 16 and 49 tiles) took 901-924 us with them, 534-554
     * without.
     */
    private static final int MIN_TILES = 128;

    private Winograd() {}

    /** Whether this path computes the convolution: 3 x 3, stride 1, no dilation, one group. */
    public static boolean computes(Unfold.Geometry g, ConvLoops.Dims d) {
        return g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1
                && d.groups() == 1;
    }

    /**
     * Whether this path should run the convolution: one it computes, with enough channels on both sides and enough
     * tiles in the call for 16 GEMMs and the filter transform to pay.
     */
    public static boolean suits(Unfold.Geometry g, ConvLoops.Dims d) {
        long tiles = (long) d.batch() * ((g.outH() + 1) / 2) * ((g.outW() + 1) / 2);
        return computes(g, d) && g.channels() >= MIN_CHANNELS && d.cout() >= MIN_CHANNELS && tiles >= MIN_TILES;
    }

    /** The tiling of one shape: tile rows and columns per image, images per chunk. */
    private record Tiles(int rows, int cols, int images) {
        int perImage() {
            return rows * cols;
        }
    }

    private static Tiles tiles(Unfold.Geometry g, ConvLoops.Dims d) {
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
        float[] v = new float[XI * cin * t.images() * t.perImage() + L];
        float[] m = new float[XI * cout * t.images() * t.perImage() + L];
        for (int b0 = 0; b0 < d.batch(); b0 += t.images()) {
            int n = Math.min(t.images(), d.batch() - b0);
            int cols = n * t.perImage();
            patches(g, t, x, xOff + b0 * d.imageSize(), n, v, cols);
            for (int xi = 0; xi < XI; xi++) {
                FastGemm.gemm(cout, cols, cin, u, xi * cout * cin, cin, 1, v, xi * cin * cols, cols, 1, m,
                        xi * cout * cols, cols, false);
            }
            outputs(g, t, cout, m, cols, n, bias, bOff, out, b0 * cout * g.cols());
        }
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
        float[] v = new float[XI * cin * t.images() * t.perImage() + L];
        float[] gy = new float[XI * cout * t.images() * t.perImage() + L];
        float[] mw = dw == null ? null : new float[XI * cout * cin];
        for (int b0 = 0; b0 < d.batch(); b0 += t.images()) {
            int n = Math.min(t.images(), d.batch() - b0);
            int cols = n * t.perImage();
            gradients(g, t, cout, dy, dyOff + b0 * cout * g.cols(), n, gy, cols);
            if (dw != null) {
                patches(g, t, x, xOff + b0 * d.imageSize(), n, v, cols);
                for (int xi = 0; xi < XI; xi++) {
                    // M_xi (C_out x C_in) += (A dY A^T)_xi (C_out x tiles) V_xi^T (tiles x C_in)
                    FastGemm.gemm(cout, cin, cols, gy, xi * cout * cols, cols, 1, v, xi * cin * cols, 1, cols, mw,
                            xi * cout * cin, cin, b0 > 0);
                }
            }
            if (dx != null) {
                for (int xi = 0; xi < XI; xi++) {
                    // Z_xi (C_in x tiles) = U_xi^T (C_in x C_out) (A dY A^T)_xi (C_out x tiles), into v's room
                    FastGemm.gemm(cin, cols, cout, u, xi * cout * cin, 1, cin, gy, xi * cout * cols, cols, 1, v,
                            xi * cin * cols, cols, false);
                }
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
        Parallel.range(cout, 1, (from, to) -> {
            float[] q = new float[12];
            for (int o = from; o < to; o++) {
                for (int i = 0; i < cin; i++) {
                    int f = wOff + (o * cin + i) * 9;
                    for (int c = 0; c < 3; c++) {
                        float g0 = w[f + c], g1 = w[f + 3 + c], g2 = w[f + 6 + c];
                        q[c] = g0;
                        q[3 + c] = 0.5f * (g0 + g1 + g2);
                        q[6 + c] = 0.5f * (g0 - g1 + g2);
                        q[9 + c] = g2;
                    }
                    for (int r = 0; r < 4; r++) {
                        float q0 = q[3 * r], q1 = q[3 * r + 1], q2 = q[3 * r + 2];
                        int at = (4 * r * cout + o) * cin + i;
                        int step = cout * cin;
                        u[at] = q0;
                        u[at + step] = 0.5f * (q0 + q1 + q2);
                        u[at + 2 * step] = 0.5f * (q0 - q1 + q2);
                        u[at + 3 * step] = q2;
                    }
                }
            }
        });
        return u;
    }

    /**
     * V = B^T d B of every patch of n images at x[xOff..]: v[(xi * C_in + c) * cols + tile], tiles numbered image by
     * image, row by row. B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]. Vectorised over a row of tiles: the padded
     * plane is kept as its even and odd columns, so that column 2 tx + j of every tile in a row is one contiguous
     * run (even[tx], odd[tx], even[tx + 1], odd[tx + 1]).
     */
    private static void patches(Unfold.Geometry g, Tiles t, float[] x, int xOff, int n, float[] v, int cols) {
        int cin = g.channels();
        int step = cin * cols;
        Parallel.range(n * cin, 1, (from, to) -> {
            SplitPlane p = new SplitPlane(t);
            float[] staged = new float[XI * p.width];
            for (int r = from; r < to; r++) {
                p.load(g, x, xOff + r * g.h() * g.w());
                int base = (r % cin) * cols + (r / cin) * t.perImage();
                int w = p.width;
                for (int ty = 0; ty < t.rows(); ty++) {
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        int at = 2 * ty * w + tx;
                        // rows 0..3 of the patch at the four column positions: even, odd, next even, next odd
                        FloatVector e0 = load(p.even, at), o0 = load(p.odd, at);
                        FloatVector f0 = load(p.even, at + 1), q0 = load(p.odd, at + 1);
                        FloatVector e1 = load(p.even, at + w), o1 = load(p.odd, at + w);
                        FloatVector f1 = load(p.even, at + w + 1), q1 = load(p.odd, at + w + 1);
                        FloatVector e2 = load(p.even, at + 2 * w), o2 = load(p.odd, at + 2 * w);
                        FloatVector f2 = load(p.even, at + 2 * w + 1), q2 = load(p.odd, at + 2 * w + 1);
                        FloatVector e3 = load(p.even, at + 3 * w), o3 = load(p.odd, at + 3 * w);
                        FloatVector f3 = load(p.even, at + 3 * w + 1), q3 = load(p.odd, at + 3 * w + 1);
                        // B^T d: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3; then the same over the columns
                        patchRow(staged, tx, w, 0, e0.sub(e2), o0.sub(o2), f0.sub(f2), q0.sub(q2));
                        patchRow(staged, tx, w, 4, e1.add(e2), o1.add(o2), f1.add(f2), q1.add(q2));
                        patchRow(staged, tx, w, 8, e2.sub(e1), o2.sub(o1), f2.sub(f1), q2.sub(q1));
                        patchRow(staged, tx, w, 12, e1.sub(e3), o1.sub(o3), f1.sub(f3), q1.sub(q3));
                    }
                    // the row of tiles goes out without the lanes past its end (another task's tiles lie there)
                    int out = base + ty * t.cols();
                    for (int xi = 0; xi < XI; xi++) {
                        System.arraycopy(staged, xi * w, v, out + xi * step, t.cols());
                    }
                }
            }
        });
    }

    /**
     * Row first / 4 of B^T d B from row (s0, s1, s2, s3) of B^T d: s0 - s2, s1 + s2, s2 - s1, s1 - s3, into the
     * staging rows (one of {@code width} floats per element) at tile tx.
     */
    private static void patchRow(float[] staged, int tx, int width, int first, FloatVector s0, FloatVector s1,
                                 FloatVector s2, FloatVector s3) {
        s0.sub(s2).intoArray(staged, first * width + tx);
        s1.add(s2).intoArray(staged, (first + 1) * width + tx);
        s2.sub(s1).intoArray(staged, (first + 2) * width + tx);
        s1.sub(s3).intoArray(staged, (first + 3) * width + tx);
    }

    /** A full vector from a[at..]: callers leave L floats of slack past the data, whose lanes they discard. */
    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }

    /**
     * One zero-padded input plane ((2 rows + 2) x (2 cols + 2), the image at (padTop, padLeft)) kept as its even
     * and its odd columns, each rows x width with width = tile columns + 1 + L: the lanes of a full vector past the
     * last tile fall into the slack of their own row.
     */
    private static final class SplitPlane {
        final int width;
        final int rows;
        final int columns;
        final float[] even;
        final float[] odd;

        SplitPlane(Tiles t) {
            columns = t.cols() + 1;
            width = columns + L;
            rows = 2 * t.rows() + 2;
            even = new float[rows * width + L];
            odd = new float[rows * width + L];
        }

        /** The image plane at x[at..] (H x W), padded with zeros. */
        void load(Unfold.Geometry g, float[] x, int at) {
            clear();
            int h = Math.min(g.h(), rows - g.padTop());
            int w = Math.min(g.w(), 2 * columns - g.padLeft());
            for (int y = 0; y < h; y++) {
                int src = at + y * g.w();
                int dst = (y + g.padTop()) * width;
                for (int c = 0; c < w; c++) {
                    int pc = c + g.padLeft();
                    (pc % 2 == 0 ? even : odd)[dst + pc / 2] = x[src + c];
                }
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
     * parts of edge tiles beyond the output are dropped. A^T = [1 1 1 0; 0 1 -1 -1]. Vectorised over a row of
     * tiles, whose four outputs are then interleaved into the output rows.
     */
    private static void outputs(Unfold.Geometry g, Tiles t, int cout, float[] m, int cols, int n, float[] bias,
                                int bOff, float[] out, int outOff) {
        int step = cout * cols;
        Parallel.range(n * cout, 1, (from, to) -> {
            float[][] y = new float[4][t.cols() + L];
            for (int r = from; r < to; r++) {
                FloatVector b = FloatVector.broadcast(S, bias == null ? 0f : bias[bOff + r % cout]);
                int plane = outOff + r * g.cols();
                int base = (r % cout) * cols + (r / cout) * t.perImage();
                for (int ty = 0; ty < t.rows(); ty++) {
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        int at = base + ty * t.cols() + tx;
                        // columns 0..3 of A^T M: rows m0 + m1 + m2 (top) and m1 - m2 - m3 (bottom)
                        FloatVector m1 = load(m, at + 4 * step), m2 = load(m, at + 8 * step);
                        FloatVector top0 = load(m, at).add(m1).add(m2);
                        FloatVector bottom0 = m1.sub(m2).sub(load(m, at + 12 * step));
                        m1 = load(m, at + 5 * step);
                        m2 = load(m, at + 9 * step);
                        FloatVector top1 = load(m, at + step).add(m1).add(m2);
                        FloatVector bottom1 = m1.sub(m2).sub(load(m, at + 13 * step));
                        m1 = load(m, at + 6 * step);
                        m2 = load(m, at + 10 * step);
                        FloatVector top2 = load(m, at + 2 * step).add(m1).add(m2);
                        FloatVector bottom2 = m1.sub(m2).sub(load(m, at + 14 * step));
                        m1 = load(m, at + 7 * step);
                        m2 = load(m, at + 11 * step);
                        FloatVector top3 = load(m, at + 3 * step).add(m1).add(m2);
                        FloatVector bottom3 = m1.sub(m2).sub(load(m, at + 15 * step));
                        top0.add(top1).add(top2).add(b).intoArray(y[0], tx);
                        top1.sub(top2).sub(top3).add(b).intoArray(y[1], tx);
                        bottom0.add(bottom1).add(bottom2).add(b).intoArray(y[2], tx);
                        bottom1.sub(bottom2).sub(bottom3).add(b).intoArray(y[3], tx);
                    }
                    for (int dy = 0; dy < 2 && 2 * ty + dy < g.outH(); dy++) {
                        int row = plane + (2 * ty + dy) * g.outW();
                        float[] left = y[2 * dy];
                        float[] right = y[2 * dy + 1];
                        for (int xo = 0; xo < g.outW(); xo++) {
                            out[row + xo] = (xo % 2 == 0 ? left : right)[xo / 2];
                        }
                    }
                }
            }
        });
    }

    /**
     * A dY A^T of every 2 x 2 block of output gradients (zero beyond the output): gy[(xi * C_out + o) * cols + tile].
     * A = [1 0; 1 1; 1 -1; 0 -1]. Vectorised over a row of tiles, from the block rows split into even and odd
     * columns.
     */
    private static void gradients(Unfold.Geometry g, Tiles t, int cout, float[] dy, int dyOff, int n, float[] gy,
                                  int cols) {
        int step = cout * cols;
        Parallel.range(n * cout, 1, (from, to) -> {
            float[][] split = new float[4][t.cols() + L];
            int w = t.cols() + L;
            float[] staged = new float[XI * w];
            for (int r = from; r < to; r++) {
                int plane = dyOff + r * g.cols();
                int base = (r % cout) * cols + (r / cout) * t.perImage();
                for (int ty = 0; ty < t.rows(); ty++) {
                    for (float[] s : split) java.util.Arrays.fill(s, 0f);
                    for (int dr = 0; dr < 2 && 2 * ty + dr < g.outH(); dr++) {
                        int row = plane + (2 * ty + dr) * g.outW();
                        for (int xo = 0; xo < g.outW(); xo++) {
                            split[2 * dr + xo % 2][xo / 2] = dy[row + xo];
                        }
                    }
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        FloatVector g00 = load(split[0], tx), g01 = load(split[1], tx);
                        FloatVector g10 = load(split[2], tx), g11 = load(split[3], tx);
                        // rows of A dY: g0, g0 + g1, g0 - g1, -g1; then the same over the columns
                        gradientRow(staged, tx, w, 0, g00, g01);
                        gradientRow(staged, tx, w, 4, g00.add(g10), g01.add(g11));
                        gradientRow(staged, tx, w, 8, g00.sub(g10), g01.sub(g11));
                        gradientRow(staged, tx, w, 12, g10.neg(), g11.neg());
                    }
                    int out = base + ty * t.cols();
                    for (int xi = 0; xi < XI; xi++) {
                        System.arraycopy(staged, xi * w, gy, out + xi * step, t.cols());
                    }
                }
            }
        });
    }

    /**
     * One row of A dY A^T from the row (p0, p1) of A dY: p0, p0 + p1, p0 - p1, -p1 at elements first..first+3, into
     * the staging rows at tile tx.
     */
    private static void gradientRow(float[] staged, int tx, int width, int first, FloatVector p0, FloatVector p1) {
        p0.intoArray(staged, first * width + tx);
        p0.add(p1).intoArray(staged, (first + 1) * width + tx);
        p0.sub(p1).intoArray(staged, (first + 2) * width + tx);
        p1.neg().intoArray(staged, (first + 3) * width + tx);
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
                int base = (r % cin) * cols + (r / cin) * t.perImage();
                for (int ty = 0; ty < t.rows(); ty++) {
                    for (int tx = 0; tx < t.cols(); tx += L) {
                        int at = base + ty * t.cols() + tx;
                        int q = 2 * ty * p.width + tx;
                        // B Z column by column (z0, z1 - z2 + z3, z1 + z2 - z0, -z3 down each column), kept as
                        // e[(4 row + column) L ..]; then each row of it through B^T, added where its patch lies
                        for (int c = 0; c < 4; c++) {
                            FloatVector z0 = load(z, at + c * step), z1 = load(z, at + (4 + c) * step);
                            FloatVector z2 = load(z, at + (8 + c) * step), z3 = load(z, at + (12 + c) * step);
                            z0.intoArray(e, c * L);
                            z1.sub(z2).add(z3).intoArray(e, (4 + c) * L);
                            z1.add(z2).sub(z0).intoArray(e, (8 + c) * L);
                            z3.neg().intoArray(e, (12 + c) * L);
                        }
                        int valid = Math.min(L, t.cols() - tx);
                        if (valid < L) {
                            // lanes past the last tile read other tiles' values: they must add nothing
                            for (int k = 0; k < XI; k++) java.util.Arrays.fill(e, k * L + valid, (k + 1) * L, 0f);
                        }
                        for (int row = 0; row < 4; row++) {
                            FloatVector e0 = load(e, 4 * row * L), e1 = load(e, (4 * row + 1) * L);
                            FloatVector e2 = load(e, (4 * row + 2) * L), e3 = load(e, (4 * row + 3) * L);
                            int pr = q + row * p.width;
                            accumulate(p.even, pr, e0);
                            accumulate(p.odd, pr, e1.sub(e2).add(e3));
                            accumulate(p.even, pr + 1, e1.add(e2).sub(e0));
                            accumulate(p.odd, pr + 1, e3.neg());
                        }
                    }
                }
                p.addTo(g, dx, dxOff + r * g.h() * g.w());
            }
        });
    }

    private static void accumulate(float[] a, int at, FloatVector value) {
        load(a, at).add(value).intoArray(a, at);
    }

    /** dw (C_out, C_in, 3, 3) += G^T M G for every filter, M_xi at mw[(xi * C_out + o) * C_in + i]. */
    private static void filterGradients(float[] mw, int cout, int cin, float[] dw) {
        int step = cout * cin;
        Parallel.range(cout, 1, (from, to) -> {
            float[] h = new float[12];
            for (int o = from; o < to; o++) {
                for (int i = 0; i < cin; i++) {
                    int at = o * cin + i;
                    for (int col = 0; col < 4; col++) {
                        // column col of G^T M: rows m0 + (m1 + m2) / 2, (m1 - m2) / 2, (m1 + m2) / 2 + m3
                        float m0 = mw[at + col * step], m1 = mw[at + (4 + col) * step];
                        float m2 = mw[at + (8 + col) * step], m3 = mw[at + (12 + col) * step];
                        h[col] = m0 + 0.5f * (m1 + m2);
                        h[4 + col] = 0.5f * (m1 - m2);
                        h[8 + col] = 0.5f * (m1 + m2) + m3;
                    }
                    int f = at * 9;
                    for (int row = 0; row < 3; row++) {
                        float h0 = h[4 * row], h1 = h[4 * row + 1], h2 = h[4 * row + 2], h3 = h[4 * row + 3];
                        dw[f + 3 * row] += h0 + 0.5f * (h1 + h2);
                        dw[f + 3 * row + 1] += 0.5f * (h1 - h2);
                        dw[f + 3 * row + 2] += 0.5f * (h1 + h2) + h3;
                    }
                }
            }
        });
    }
}

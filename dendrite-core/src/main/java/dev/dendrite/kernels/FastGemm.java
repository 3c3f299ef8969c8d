package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float matrix multiply (the BLIS/GotoBLAS scheme): B is packed into K x NR column panels per cache block; A
 * is read in place when its rows are contiguous and otherwise packed into MR x K row panels; then a
 * register-blocked Vector API micro-kernel (GemmKernels: MR rows x NR = 2 vectors of columns, FMA into MR*2
 * accumulators) computes each C tile. Packing reads any strides, so transposed operands cost nothing extra. Large
 * products are split over threads by disjoint column (or row) ranges.
 */
public final class FastGemm {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    private static final int MR = GemmKernels.MR;
    private static final int NR = GemmKernels.NR;
    // Block sizes: KC 1024 x NC 256 keeps the packed B block (1 MiB) within one core's L2; the sweeps that chose
    // them (Zen 4 and Zen 5) are in BENCHMARKS.md, where every size in range lay within the machine's noise.
    private static final int KC = 1024;
    private static final int MC = 64;
    private static final int NC = 256;
    /**
     * Up to this many multiply-adds (per thread), and with fewer rows than {@link #PACKED_ROWS}, full tiles are
     * computed straight from unpacked operands: for so few rows packing B costs more than it saves (48^3 ran
     * 10-20 % slower packed).
     */
    private static final long DIRECT_WORK = 1L << 21;
    /** From this many rows (per thread) on, B is packed whatever the size (128^3 and 256 x 64 x 256: 7-22 % faster). */
    private static final int PACKED_ROWS = 96;
    /** Below this many multiply-adds one thread does the whole product. */
    private static final long PARALLEL_WORK = 1L << 18;
    /**
     * The same for a few rows of dot products ({@link #dotRow}), which stream B once and are bound by memory rather
     * than by the multiply-adds: batch-1 Linear(1024, 256) took 10-16 us on one thread, 7.4-8.4 on two (Zen 5).
     */
    private static final long PARALLEL_DOT_WORK = PARALLEL_WORK / 4;
    /** Initial accumulators of a tile that overwrites C (read with row stride 0). */
    private static final float[] ZERO = new float[NR];

    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[][] {new float[KC * NC], new float[MC * KC], new float[MR * NR]});

    private FastGemm() {}

    /**
     * C[i, j] (+)= sum_k A[i, k] * B[k, j], with A at a[aOff + i * ars + k * acs], B at b[bOff + k * brs + j * bcs]
     * and C at c[cOff + i * ldc + j].
     */
    public static void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
                            int bcs, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        long work = (long) m * n * k;
        boolean dots = m < MR && acs == 1 && brs == 1;
        int threads = work <= (dots ? PARALLEL_DOT_WORK : PARALLEL_WORK) ? 1 : Parallel.threads();
        if (threads > 1 && n >= m && n >= 2 * NR) {
            int panels = (n + NR - 1) / NR;
            int parts = Math.min(threads, panels);
            Parallel.run(parts, p -> {
                int j0 = Math.min(n, panels * p / parts * NR);
                int j1 = Math.min(n, panels * (p + 1) / parts * NR);
                part(m, j1 - j0, k, a, aOff, ars, acs, b, bOff + j0 * bcs, brs, bcs, c, cOff + j0, ldc, accumulate);
            });
        } else if (threads > 1 && m >= 2 * MR) {
            int panels = (m + MR - 1) / MR;
            int parts = Math.min(threads, panels);
            Parallel.run(parts, p -> {
                int i0 = Math.min(m, panels * p / parts * MR);
                int i1 = Math.min(m, panels * (p + 1) / parts * MR);
                part(i1 - i0, n, k, a, aOff + i0 * ars, ars, acs, b, bOff, brs, bcs, c, cOff + i0 * ldc, ldc, accumulate);
            });
        } else {
            part(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
        }
    }

    /** One thread's share: small products with unit-stride B rows skip packing for their full tiles. */
    private static void part(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
                             int brs, int bcs, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m < MR && acs == 1 && brs == 1) {
            for (int i = 0; i < m; i++) {
                dotRow(n, k, a, aOff + i * ars, b, bOff, bcs, c, cOff + i * ldc, accumulate);
            }
            return;
        }
        if (m < MR && bcs == 1 && k <= KC && n >= NR) {
            fewRows(m, n, k, a, aOff, ars, acs, b, bOff, brs, c, cOff, ldc, accumulate);
            return;
        }
        if (bcs != 1 || k > KC || m >= PACKED_ROWS || (long) m * n * k > DIRECT_WORK) {
            blocked(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
            return;
        }
        int m0 = m - m % MR;
        int n0 = n - n % NR;
        for (int j = 0; j < n0; j += NR) {
            for (int i = 0; i < m0; i += MR) {
                fullTile(k, a, aOff + i * ars, ars, acs, b, bOff + j, brs, c, cOff + i * ldc + j, ldc, accumulate);
            }
        }
        if (m0 < m) {
            blocked(m - m0, n, k, a, aOff + m0 * ars, ars, acs, b, bOff, brs, bcs, c, cOff + m0 * ldc, ldc, accumulate);
        }
        if (n0 < n && m0 > 0) {
            blocked(m0, n - n0, k, a, aOff, ars, acs, b, bOff + n0, brs, bcs, c, cOff + n0, ldc, accumulate);
        }
    }

    private static void blocked(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
                                int brs, int bcs, float[] c, int cOff, int ldc, boolean accumulate) {
        float[] bp = BUFFERS.get()[0];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * brs + jc * bcs, brs, bcs, bp);
                multiplyPanels(m, nc, kc, a, aOff + pc * acs, ars, acs, bp, c, cOff + jc, ldc, accumulate || pc > 0);
            }
        }
    }

    /** C (m x nc) (+)= A (m x kc) times one packed block of B, MC rows of A at a time. */
    private static void multiplyPanels(int m, int nc, int kc, float[] a, int aOff, int ars, int acs, float[] bp,
                                       float[] c, int cOff, int ldc, boolean add) {
        float[][] buffers = BUFFERS.get();
        float[] ap = buffers[1];
        float[] tile = buffers[2];
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            // Rows of A with unit column stride are read in place (8 row streams cost the kernel 2-3 %, packing
            // them cost 10-20 % at 512); other layouts are packed into MR-tall panels.
            boolean inPlace = acs == 1;
            if (!inPlace) {
                packA(mc, kc, a, aOff + ic * ars, ars, acs, ap);
            }
            float[] panels = inPlace ? a : ap;
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int cTile = cOff + (ic + ir) * ldc + jr;
                    int ao = inPlace ? aOff + (ic + ir) * ars : ir * kc;
                    // Full tiles start from C when adding, else from a row of zeros read with stride 0.
                    float[] init = add ? c : ZERO;
                    int io = add ? cTile : 0;
                    int ldi = add ? ldc : 0;
                    if (inPlace && mr < MR) {
                        // The kernel reads MR rows: the last rows of A go through a zero-padded packed panel.
                        packA(mr, kc, a, ao, ars, acs, ap);
                        edgeTile(kc, ap, 0, 1, MR, bp, jr * kc, NR, tile, mr, nr, c, cTile, ldc, add);
                    } else if (mr < MR || nr < NR) {
                        edgeTile(kc, panels, ao, inPlace ? ars : 1, inPlace ? 1 : MR, bp, jr * kc, NR, tile, mr, nr,
                                c, cTile, ldc, add);
                    } else if (inPlace) {
                        GemmKernels.rows(kc, a, ao, ars, bp, jr * kc, init, io, ldi, c, cTile, ldc);
                    } else {
                        GemmKernels.packed(kc, ap, ao, bp, jr * kc, init, io, ldi, c, cTile, ldc);
                    }
                }
            }
        }
    }

    /**
     * A right-hand operand B (k x n) packed once, for many products with different left-hand sides (a recurrent
     * layer multiplies the same W_hh at every step): the blocks {@link #blocked} would pack on every call.
     */
    public static final class Packed {
        private final int k;
        private final int n;
        private final float[][] blocks; // NC column block major, then KC row block

        private Packed(int k, int n, float[][] blocks) {
            this.k = k;
            this.n = n;
            this.blocks = blocks;
        }
    }

    /** Packs B (k x n) at b[bOff + p * brs + j * bcs]. */
    public static Packed pack(int k, int n, float[] b, int bOff, int brs, int bcs) {
        int kBlocks = (k + KC - 1) / KC;
        float[][] blocks = new float[((n + NC - 1) / NC) * kBlocks][];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bp = new float[(nc + NR - 1) / NR * NR * kc];
                packB(kc, nc, b, bOff + pc * brs + jc * bcs, brs, bcs, bp);
                blocks[jc / NC * kBlocks + pc / KC] = bp;
            }
        }
        return new Packed(k, n, blocks);
    }

    /**
     * C (+)= A B with B packed by {@link #pack}, on the calling thread (callers parallelise over their own rows).
     * Each element of C is summed in the same order as by {@link #gemm}'s packed path, whatever m is.
     */
    public static void gemm(int m, float[] a, int aOff, int ars, int acs, Packed b, float[] c, int cOff, int ldc,
                            boolean accumulate) {
        if (b.k == 0 && !accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + b.n, 0f);
        }
        int kBlocks = (b.k + KC - 1) / KC;
        for (int jc = 0; jc < b.n; jc += NC) {
            int nc = Math.min(NC, b.n - jc);
            for (int pc = 0; pc < b.k; pc += KC) {
                int kc = Math.min(KC, b.k - pc);
                multiplyPanels(m, nc, kc, a, aOff + pc * acs, ars, acs, b.blocks[jc / NC * kBlocks + pc / KC], c,
                        cOff + jc, ldc, accumulate || pc > 0);
            }
        }
    }

    /** Packs a kc x nc block of B as NR-wide panels, each kc rows of NR contiguous floats, zero-padded. */
    private static void packB(int kc, int nc, float[] b, int off, int brs, int bcs, float[] bp) {
        if (bcs == 1) {
            packRowMajorB(kc, nc, b, off, brs, bp);
            return;
        }
        int[] columns = brs == 1 ? columnOffsets(bcs) : null;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int panel = jr * kc;
            if (brs == 1 && nr == NR) {
                packTransposedPanel(kc, b, off + jr * bcs, columns, bp, panel);
                continue;
            }
            if (brs == 1) {
                // B is a transposed view (each column contiguous in k). Read columns sequentially, 16 k at a time,
                // so the strided writes stay within a 2 KiB slice of the panel that lives in L1.
                for (int p0 = 0; p0 < kc; p0 += 16) {
                    int p1 = Math.min(kc, p0 + 16);
                    for (int j = 0; j < nr; j++) {
                        int src = off + (jr + j) * bcs;
                        for (int p = p0; p < p1; p++) bp[panel + p * NR + j] = b[src + p];
                    }
                    for (int j = nr; j < NR; j++) {
                        for (int p = p0; p < p1; p++) bp[panel + p * NR + j] = 0f;
                    }
                }
                continue;
            }
            int dst = panel;
            for (int p = 0; p < kc; p++) {
                int src = off + p * brs + jr * bcs;
                for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j * bcs];
                for (int j = nr; j < NR; j++) bp[dst + j] = 0f;
                dst += NR;
            }
        }
    }

    /** The offsets j * bcs of a panel's NR columns: the gather indices of {@link #packTransposedPanel}. */
    private static int[] columnOffsets(int bcs) {
        int[] columns = new int[NR];
        for (int j = 0; j < NR; j++) {
            columns[j] = j * bcs;
        }
        return columns;
    }

    /**
     * One full NR-wide panel of a transposed B (its NR columns at b[off + columns[j]], each contiguous in k): every
     * row of the panel is two vector gathers, one element from each column, written in order.
     */
    private static void packTransposedPanel(int kc, float[] b, int off, int[] columns, float[] bp, int panel) {
        for (int p = 0; p < kc; p++) {
            int dst = panel + p * NR;
            FloatVector.fromArray(S, b, off + p, columns, 0).intoArray(bp, dst);
            FloatVector.fromArray(S, b, off + p, columns, L).intoArray(bp, dst + L);
        }
    }

    /**
     * {@link #packB} for B with contiguous rows, row by row so that B is read sequentially: panel by panel, each
     * row of a panel lies on another page when B is wide (packing took 6.5 % of a 1024 product's time, 3.7 % now).
     */
    private static void packRowMajorB(int kc, int nc, float[] b, int off, int brs, float[] bp) {
        int full = nc - nc % NR;
        for (int p = 0; p < kc; p++) {
            int src = off + p * brs;
            for (int jr = 0; jr < full; jr += NR) {
                // Two vector copies: 0.12 ns per element against System.arraycopy's 0.17 for 32 floats.
                int dst = jr * kc + p * NR;
                FloatVector.fromArray(S, b, src + jr).intoArray(bp, dst);
                FloatVector.fromArray(S, b, src + jr + L).intoArray(bp, dst + L);
            }
        }
        if (full < nc) {
            int nr = nc - full;
            for (int p = 0; p < kc; p++) {
                int dst = full * kc + p * NR;
                System.arraycopy(b, off + p * brs + full, bp, dst, nr);
                java.util.Arrays.fill(bp, dst + nr, dst + NR, 0f);
            }
        }
    }

    /** Packs an mc x kc block of A as MR-tall panels, each kc columns of MR contiguous floats, zero-padded. */
    private static void packA(int mc, int kc, float[] a, int off, int ars, int acs, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            if (ars == 1 && mr == MR) {
                // A is a transposed view: each column of the panel is MR contiguous floats.
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, off + ir + p * acs, ap, dst + p * MR, MR);
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                int src = off + ir * ars + p * acs;
                for (int i = 0; i < mr; i++) ap[dst + i] = a[src + i * ars];
                for (int i = mr; i < MR; i++) ap[dst + i] = 0f;
                dst += MR;
            }
        }
    }

    /**
     * Fewer than MR rows of A against a wide row-major B (a convolution's filters against its im2col matrix):
     * A is copied into a zero-padded MR-row block and B is read in place, since packing B would cost about as
     * much as the product itself. The last partial column block goes through the packed path.
     */
    private static void fewRows(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
                                float[] c, int cOff, int ldc, boolean accumulate) {
        float[] padded = new float[MR * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                padded[i * k + p] = a[aOff + i * ars + p * acs];
            }
        }
        float[] tile = BUFFERS.get()[2];
        int n0 = n - n % NR;
        for (int j = 0; j < n0; j += NR) {
            edgeTile(k, padded, 0, k, 1, b, bOff + j, brs, tile, m, NR, c, cOff + j, ldc, accumulate);
        }
        if (n0 < n) {
            blocked(m, n - n0, k, a, aOff, ars, acs, b, bOff + n0, brs, 1, c, cOff + n0, ldc, accumulate);
        }
    }

    /**
     * One row of C for few rows (e.g. batch-1 inference through a Linear layer): with A's row and B's columns
     * both contiguous in k, each C element is a vectorised dot product; packing B would cost more than the product.
     */
    private static void dotRow(int n, int k, float[] a, int ao, float[] b, int bo, int bcs, float[] c, int co,
                               boolean accumulate) {
        int bound = S.loopBound(k);
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int b0 = bo + j * bcs;
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector av = FloatVector.fromArray(S, a, ao + p);
                s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                s1 = av.fma(FloatVector.fromArray(S, b, b0 + bcs + p), s1);
                s2 = av.fma(FloatVector.fromArray(S, b, b0 + 2 * bcs + p), s2);
                s3 = av.fma(FloatVector.fromArray(S, b, b0 + 3 * bcs + p), s3);
            }
            float r0 = Lanes.sum(s0), r1 = Lanes.sum(s1);
            float r2 = Lanes.sum(s2), r3 = Lanes.sum(s3);
            for (; p < k; p++) {
                float av = a[ao + p];
                r0 += av * b[b0 + p];
                r1 += av * b[b0 + bcs + p];
                r2 += av * b[b0 + 2 * bcs + p];
                r3 += av * b[b0 + 3 * bcs + p];
            }
            c[co + j] = accumulate ? c[co + j] + r0 : r0;
            c[co + j + 1] = accumulate ? c[co + j + 1] + r1 : r1;
            c[co + j + 2] = accumulate ? c[co + j + 2] + r2 : r2;
            c[co + j + 3] = accumulate ? c[co + j + 3] + r3 : r3;
        }
        for (; j < n; j++) {
            int bj = bo + j * bcs;
            FloatVector s0 = FloatVector.zero(S);
            int p = 0;
            for (; p < bound; p += L) {
                s0 = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
            }
            float r = Lanes.sum(s0);
            for (; p < k; p++) {
                r += a[ao + p] * b[bj + p];
            }
            c[co + j] = accumulate ? c[co + j] + r : r;
        }
    }

    /** One MR x NR tile of C from unpacked operands: C tile (+)= A (MR x kc) times B (kc x NR). */
    private static void fullTile(int kc, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, float[] c,
                                 int cTile, int ldc, boolean add) {
        GemmKernels.general(kc, a, ao, ars, acs, b, bo, brs, add ? c : ZERO, add ? cTile : 0, add ? ldc : 0, c, cTile,
                ldc);
    }

    /**
     * The top-left mr x nr corner of a tile: computed in the full-size tile buffer, starting from C's values
     * when adding, so that every element of C is summed in the same order as in a full tile.
     */
    private static void edgeTile(int kc, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs,
                                 float[] tile, int mr, int nr, float[] c, int cTile, int ldc, boolean add) {
        float[] init = ZERO;
        int ldi = 0;
        if (add) {
            java.util.Arrays.fill(tile, 0f);
            for (int i = 0; i < mr; i++) System.arraycopy(c, cTile + i * ldc, tile, i * NR, nr);
            init = tile;
            ldi = NR;
        }
        if (nr <= L) {
            GemmKernels.narrow(kc, a, ao, ars, acs, b, bo, brs, init, 0, ldi, tile, 0, NR);
        } else {
            GemmKernels.general(kc, a, ao, ars, acs, b, bo, brs, init, 0, ldi, tile, 0, NR);
        }
        for (int i = 0; i < mr; i++) System.arraycopy(tile, i * NR, c, cTile + i * ldc, nr);
    }
}

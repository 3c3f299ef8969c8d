// Fast float matrix multiply (the BLIS/GotoBLAS scheme): B is packed into K x NR column panels and A into
// MR x K row panels per cache block, then a register-blocked Vector API micro-kernel (MR rows x NR = 2 vectors
// of columns, FMA into MR*2 accumulators) computes each C tile. Packing reads any strides, so transposed
// operands cost nothing extra. Large products are split over threads by disjoint column (or row) ranges.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class FastGemm {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;
    // Block sizes measured on a 2-core Zen 4 (32 KiB L1d, 1 MiB L2 per core): KC in {128..1024} x MC in
    // {60..360} swept at 512..2048 with a 6 x 32 tile; KC 512 was among the best (about 97 GFLOP/s on one core);
    // an 8 x 32 tile with MC 64 measured the same or slightly better and needs fewer loads per FMA.
    private static final int KC = 512;
    private static final int MC = 64;
    private static final int NC = 2048;
    /** Up to this many multiply-adds (per thread), full tiles are computed straight from unpacked operands. */
    private static final long DIRECT_WORK = 1L << 21;
    /** Below this many multiply-adds one thread does the whole product. */
    private static final long PARALLEL_WORK = 1L << 18;

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
        int threads = work <= PARALLEL_WORK ? 1 : Parallel.THREADS;
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
        if (bcs != 1 || k > KC || (long) m * n * k > DIRECT_WORK) {
            blocked(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
            return;
        }
        int m0 = m - m % MR;
        int n0 = n - n % NR;
        float[] tile = BUFFERS.get()[2];
        for (int j = 0; j < n0; j += NR) {
            for (int i = 0; i < m0; i += MR) {
                int cTile = cOff + i * ldc + j;
                if (accumulate) {
                    directKernel(k, a, aOff + i * ars, ars, acs, b, bOff + j, brs, tile, 0, NR);
                    mergeTile(tile, MR, NR, c, cTile, ldc, true);
                } else {
                    directKernel(k, a, aOff + i * ars, ars, acs, b, bOff + j, brs, c, cTile, ldc);
                }
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

    /** C (m x nc) (+)= A (m x kc) times one packed block of B, A packed MC rows at a time. */
    private static void multiplyPanels(int m, int nc, int kc, float[] a, int aOff, int ars, int acs, float[] bp,
                                       float[] c, int cOff, int ldc, boolean add) {
        float[][] buffers = BUFFERS.get();
        float[] ap = buffers[1];
        float[] tile = buffers[2];
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            packA(mc, kc, a, aOff + ic * ars, ars, acs, ap);
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int cTile = cOff + (ic + ir) * ldc + jr;
                    if (mr == MR && nr == NR && !add) {
                        kernel(kc, ap, ir * kc, bp, jr * kc, c, cTile, ldc);
                    } else {
                        kernel(kc, ap, ir * kc, bp, jr * kc, tile, 0, NR);
                        mergeTile(tile, mr, nr, c, cTile, ldc, add);
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
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int panel = jr * kc;
            if (brs == 1 && bcs != 1) {
                // NOTE: B is a transposed view (each column contiguous in k). Read columns sequentially, 16 k at a
                // time, so the strided writes stay within a 2 KiB slice of the panel that lives in L1.
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
                if (bcs == 1 && nr == NR) {
                    System.arraycopy(b, src, bp, dst, NR);
                } else {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j * bcs];
                    for (int j = nr; j < NR; j++) bp[dst + j] = 0f;
                }
                dst += NR;
            }
        }
    }

    /** Packs an mc x kc block of A as MR-tall panels, each kc columns of MR contiguous floats, zero-padded. */
    private static void packA(int mc, int kc, float[] a, int off, int ars, int acs, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
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
            directKernel(k, padded, 0, k, 1, b, bOff + j, brs, tile, 0, NR);
            mergeTile(tile, m, NR, c, cOff + j, ldc, accumulate);
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
            float r0 = s0.reduceLanes(VectorOperators.ADD), r1 = s1.reduceLanes(VectorOperators.ADD);
            float r2 = s2.reduceLanes(VectorOperators.ADD), r3 = s3.reduceLanes(VectorOperators.ADD);
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
            float r = s0.reduceLanes(VectorOperators.ADD);
            for (; p < k; p++) {
                r += a[ao + p] * b[bj + p];
            }
            c[co + j] = accumulate ? c[co + j] + r : r;
        }
    }

    /** Writes (or adds) the top-left mr x nr corner of a computed tile into C. */
    private static void mergeTile(float[] tile, int mr, int nr, float[] c, int cTile, int ldc, boolean add) {
        for (int i = 0; i < mr; i++) {
            int row = cTile + i * ldc;
            int j = 0;
            if (add) {
                for (; j + L <= nr; j += L) {
                    FloatVector.fromArray(S, tile, i * NR + j).add(FloatVector.fromArray(S, c, row + j)).intoArray(c, row + j);
                }
                for (; j < nr; j++) c[row + j] += tile[i * NR + j];
            } else {
                System.arraycopy(tile, i * NR, c, row, nr);
            }
        }
    }

    /**
     * The MR x NR micro-kernel: C tile = A panel (kc x MR) times B panel (kc x NR).
     * NOTE: it always overwrites; accumulation happens in mergeTile. A branch choosing between two vector
     * values here defeats C2's vector unboxing and makes the whole loop several times slower.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /**
     * The micro-kernel on unpacked operands: C tile = A (MR x kc, element (r, p) at a[ao + r * ars + p * acs])
     * times B (kc x NR, row p at b[bo + p * brs], unit stride). Same arithmetic, in the same order, as
     * {@link #kernel}; kept separate because the general addressing costs the packed loop about 15 %.
     */
    private static void directKernel(int kc, float[] ap, int ao, int ars, int acs, float[] bp, int bo, int brs, float[] c, int co,
                               int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * brs;
            int ai = ao + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + ars]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2 * ars]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3 * ars]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4 * ars]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5 * ars]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6 * ars]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7 * ars]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

}

// The register-blocked micro-kernels of FastGemm: C tile = init + A (MR x kc) B (kc x NR) in MR * 2 vector
// accumulators (MR for narrow edge tiles), init being C or a zero row read with stride 0. One copy per operand
// layout: C2 drops the bounds checks only when every index step is a constant (the packed kernel: 15-20 % faster).
// NOTE: callers choose the init array rather than the kernel branching on "add": a branch between two vector
// values defeats C2's vector unboxing and makes the loop several times slower.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

final class GemmKernels {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;

    private GemmKernels() {}

    /** A packed as MR-tall panels (element (r, p) at a[ao + p * MR + r]), B as NR-wide panels (row p at b[bo + p * NR]). */
    static void packed(int kc, float[] a, int ao, float[] b, int bo, float[] init, int io, int ldi,
            float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, init, io);
        FloatVector c01 = FloatVector.fromArray(S, init, io + L);
        FloatVector c10 = FloatVector.fromArray(S, init, io + ldi);
        FloatVector c11 = FloatVector.fromArray(S, init, io + ldi + L);
        FloatVector c20 = FloatVector.fromArray(S, init, io + 2 * ldi);
        FloatVector c21 = FloatVector.fromArray(S, init, io + 2 * ldi + L);
        FloatVector c30 = FloatVector.fromArray(S, init, io + 3 * ldi);
        FloatVector c31 = FloatVector.fromArray(S, init, io + 3 * ldi + L);
        FloatVector c40 = FloatVector.fromArray(S, init, io + 4 * ldi);
        FloatVector c41 = FloatVector.fromArray(S, init, io + 4 * ldi + L);
        FloatVector c50 = FloatVector.fromArray(S, init, io + 5 * ldi);
        FloatVector c51 = FloatVector.fromArray(S, init, io + 5 * ldi + L);
        FloatVector c60 = FloatVector.fromArray(S, init, io + 6 * ldi);
        FloatVector c61 = FloatVector.fromArray(S, init, io + 6 * ldi + L);
        FloatVector c70 = FloatVector.fromArray(S, init, io + 7 * ldi);
        FloatVector c71 = FloatVector.fromArray(S, init, io + 7 * ldi + L);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
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

    /** A read in place, row r at a[ao + r * ars] (unit column stride); B packed as NR-wide panels. */
    static void rows(int kc, float[] a, int ao, int ars, float[] b, int bo, float[] init, int io, int ldi,
            float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, init, io);
        FloatVector c01 = FloatVector.fromArray(S, init, io + L);
        FloatVector c10 = FloatVector.fromArray(S, init, io + ldi);
        FloatVector c11 = FloatVector.fromArray(S, init, io + ldi + L);
        FloatVector c20 = FloatVector.fromArray(S, init, io + 2 * ldi);
        FloatVector c21 = FloatVector.fromArray(S, init, io + 2 * ldi + L);
        FloatVector c30 = FloatVector.fromArray(S, init, io + 3 * ldi);
        FloatVector c31 = FloatVector.fromArray(S, init, io + 3 * ldi + L);
        FloatVector c40 = FloatVector.fromArray(S, init, io + 4 * ldi);
        FloatVector c41 = FloatVector.fromArray(S, init, io + 4 * ldi + L);
        FloatVector c50 = FloatVector.fromArray(S, init, io + 5 * ldi);
        FloatVector c51 = FloatVector.fromArray(S, init, io + 5 * ldi + L);
        FloatVector c60 = FloatVector.fromArray(S, init, io + 6 * ldi);
        FloatVector c61 = FloatVector.fromArray(S, init, io + 6 * ldi + L);
        FloatVector c70 = FloatVector.fromArray(S, init, io + 7 * ldi);
        FloatVector c71 = FloatVector.fromArray(S, init, io + 7 * ldi + L);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + ars]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * ars]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * ars]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4 * ars]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5 * ars]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6 * ars]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7 * ars]);
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

    /** A element (r, p) at a[ao + r * ars + p * acs]; B row p at b[bo + p * brs], NR contiguous floats. */
    static void general(int kc, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, float[] init, int io, int ldi,
            float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, init, io);
        FloatVector c01 = FloatVector.fromArray(S, init, io + L);
        FloatVector c10 = FloatVector.fromArray(S, init, io + ldi);
        FloatVector c11 = FloatVector.fromArray(S, init, io + ldi + L);
        FloatVector c20 = FloatVector.fromArray(S, init, io + 2 * ldi);
        FloatVector c21 = FloatVector.fromArray(S, init, io + 2 * ldi + L);
        FloatVector c30 = FloatVector.fromArray(S, init, io + 3 * ldi);
        FloatVector c31 = FloatVector.fromArray(S, init, io + 3 * ldi + L);
        FloatVector c40 = FloatVector.fromArray(S, init, io + 4 * ldi);
        FloatVector c41 = FloatVector.fromArray(S, init, io + 4 * ldi + L);
        FloatVector c50 = FloatVector.fromArray(S, init, io + 5 * ldi);
        FloatVector c51 = FloatVector.fromArray(S, init, io + 5 * ldi + L);
        FloatVector c60 = FloatVector.fromArray(S, init, io + 6 * ldi);
        FloatVector c61 = FloatVector.fromArray(S, init, io + 6 * ldi + L);
        FloatVector c70 = FloatVector.fromArray(S, init, io + 7 * ldi);
        FloatVector c71 = FloatVector.fromArray(S, init, io + 7 * ldi + L);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * brs;
            int ai = ao + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + ars]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * ars]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * ars]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4 * ars]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5 * ars]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6 * ars]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7 * ars]);
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
     * {@link #general} for tiles at most L columns wide (the last columns of a matrix whose width is not a multiple
     * of NR): one vector per row, so half the multiply-adds of a full tile; the same sum per element.
     */
    static void narrow(int kc, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, float[] init, int io,
            int ldi, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, init, io);
        FloatVector c10 = FloatVector.fromArray(S, init, io + ldi);
        FloatVector c20 = FloatVector.fromArray(S, init, io + 2 * ldi);
        FloatVector c30 = FloatVector.fromArray(S, init, io + 3 * ldi);
        FloatVector c40 = FloatVector.fromArray(S, init, io + 4 * ldi);
        FloatVector c50 = FloatVector.fromArray(S, init, io + 5 * ldi);
        FloatVector c60 = FloatVector.fromArray(S, init, io + 6 * ldi);
        FloatVector c70 = FloatVector.fromArray(S, init, io + 7 * ldi);
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * brs);
            c00 = FloatVector.broadcast(S, a[ai]).fma(b0, c00);
            c10 = FloatVector.broadcast(S, a[ai + ars]).fma(b0, c10);
            c20 = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(b0, c20);
            c30 = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(b0, c30);
            c40 = FloatVector.broadcast(S, a[ai + 4 * ars]).fma(b0, c40);
            c50 = FloatVector.broadcast(S, a[ai + 5 * ars]).fma(b0, c50);
            c60 = FloatVector.broadcast(S, a[ai + 6 * ars]).fma(b0, c60);
            c70 = FloatVector.broadcast(S, a[ai + 7 * ars]).fma(b0, c70);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
        c60.intoArray(c, co + 6 * ldc);
        c70.intoArray(c, co + 7 * ldc);
    }
}

// The packed Vector API GEMM against the reference GEMM: random shapes (including sizes that are not
// multiples of the register tile), empty and k = 0 products, transposed (strided) operands, accumulation,
// products big enough to run on several threads, and bit-identical results however the work is split.
package dev.dendrite.kernels;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

class GemmKernelTest {
    private final Generator gen = new Generator(7);

    /** Runs both kernels on C = A B with A stored row-major or transposed, B likewise, and compares. */
    private void compare(int m, int n, int k, boolean transA, boolean transB, boolean accumulate) {
        float[] a = KernelArrays.gaussian(gen, m * k + 3, 1);
        float[] b = KernelArrays.gaussian(gen, k * n + 5, 1);
        int aOff = 3, bOff = 5;
        int ars = transA ? 1 : k, acs = transA ? m : 1;
        int brs = transB ? 1 : n, bcs = transB ? k : 1;
        float[] c = KernelArrays.gaussian(gen, m * n, 1);
        double[] cRef = KernelArrays.widen(c);
        FastGemm.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, 0, n, accumulate);
        ReferenceGemm.gemm(m, n, k, KernelArrays.widen(a), aOff, ars, acs, KernelArrays.widen(b), bOff, brs, bcs, cRef, 0, n, accumulate);
        for (int i = 0; i < m * n; i++) {
            double tol = 1e-3 * Math.sqrt(k + 1) * 1e-1 + 1e-4 * Math.abs(cRef[i]);
            if (Math.abs(c[i] - cRef[i]) > tol) {
                fail("m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + " acc=" + accumulate
                        + ": element " + i + " fast " + c[i] + " reference " + cRef[i]);
            }
        }
    }

    @Test
    void randomShapesMatchReference() {
        for (int trial = 0; trial < 60; trial++) {
            int m = 1 + gen.nextInt(40);
            int n = 1 + gen.nextInt(70);
            int k = 1 + gen.nextInt(300);
            compare(m, n, k, gen.nextInt(2) == 1, gen.nextInt(2) == 1, gen.nextInt(2) == 1);
        }
    }

    @Test
    void tileEdgesAndBlockEdges() {
        int[] sizes = {1, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 121, 513};
        for (int m : sizes) {
            compare(m, 33, 257, false, false, false);
            compare(13, m, 17, true, false, false);
        }
        compare(8, 32, 512, false, false, true);
        compare(9, 40, 2060, false, true, false); // three K blocks accumulate
    }

    @Test
    void largeProductsUseThreadsAndMatch() {
        compare(130, 300, 270, false, false, false);
        compare(300, 70, 260, false, true, true);
        compare(64, 2100, 16, true, true, false);
    }

    @Test
    void emptyAndZeroInnerDimension() {
        float[] c = {1, 2, 3, 4};
        FastGemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, false);
        assertArrayEquals(new float[] {0, 0, 0, 0}, c);
        float[] d = {1, 2, 3, 4};
        FastGemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, d, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, d);
        FastGemm.gemm(0, 5, 3, new float[0], 0, 3, 1, new float[15], 0, 5, 1, new float[0], 0, 5, false);
    }

    @Test
    void resultDoesNotDependOnHowManyThreadsRunIt() {
        int m = 200, n = 300, k = 500;
        float[] a = KernelArrays.gaussian(gen, m * k, 1);
        float[] b = KernelArrays.gaussian(gen, k * n, 1);
        float[] parallel = new float[m * n];
        FastGemm.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, parallel, 0, n, false);
        // Inside a pool worker, nested kernels run single-threaded: the same product on one thread.
        float[] single = new float[m * n];
        Parallel.run(2, task -> {
            if (task == 1 || Parallel.threads() == 1) {
                FastGemm.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, single, 0, n, false);
            }
        });
        assertArrayEquals(parallel, single);
        float[] again = new float[m * n];
        FastGemm.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, again, 0, n, false);
        assertArrayEquals(parallel, again);
    }

    @Test
    void fewRowsTimesWideRowMajorMatrixMatches() {
        for (int m = 1; m < 8; m += 2) {
            compare(m, 784, 25, false, false, false);
            compare(m, 100, 150, true, false, true);
            compare(m, 32, 7, false, false, false);
        }
    }

    @Test
    void fewRowsTimesTransposedMatrixUsesDotProductsAndMatches() {
        for (int m = 1; m < 8; m += 3) {
            compare(m, 37, 100, false, true, false);
            compare(m, 64, 784, false, true, true);
        }
    }

    @Test
    void prepackedRightHandSideMatchesThePackedPathBitForBitWhateverTheRowCount() {
        int k = 1100; // more than one KC block
        int n = 70; // a partial NR panel
        for (boolean transB : new boolean[] {false, true}) {
            float[] b = KernelArrays.gaussian(gen, k * n, 1);
            int brs = transB ? 1 : n;
            int bcs = transB ? k : 1;
            FastGemm.Packed packed = FastGemm.pack(k, n, b, 0, brs, bcs);
            float[] a = KernelArrays.gaussian(gen, 13 * k, 1);
            float[] whole = new float[13 * n];
            FastGemm.gemm(13, a, 0, k, 1, packed, whole, 0, n, false);
            float[] reference = new float[13 * n];
            FastGemm.gemm(13, n, k, a, 0, k, 1, b, 0, brs, bcs, reference, 0, n, false);
            assertArrayEquals(reference, whole, "transB=" + transB);
            // Rows 5..12 alone (as one thread of a recurrent layer computes them) give the same numbers.
            float[] part = new float[8 * n];
            FastGemm.gemm(8, a, 5 * k, k, 1, packed, part, 0, n, false);
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, 5 * n, 13 * n), part);
            float[] acc = whole.clone();
            FastGemm.gemm(13, a, 0, k, 1, packed, acc, 0, n, true);
            for (int i = 0; i < acc.length; i++) {
                if (Math.abs(acc[i] - 2 * whole[i]) > 1e-3 * (1 + Math.abs(whole[i]))) {
                    fail("accumulate: element " + i + " " + acc[i] + " vs " + 2 * whole[i]);
                }
            }
        }
    }
}

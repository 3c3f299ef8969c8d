// Fast float elementwise, reduction and softmax kernels against the double reference kernels on sizes
// around the vector width, empty arrays, offsets, and arrays large enough to be split over threads.
package dev.dendrite.kernels;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ElementwiseKernelTest {
    private static final int[] SIZES = {0, 1, 7, 15, 16, 17, 33, 100, 1000, 70_001};
    private final Generator gen = new Generator(11);

    private static void close(String what, float[] fast, double[] ref, int off, int n, double rtol, double atol) {
        for (int i = 0; i < n; i++) {
            double e = ref[off + i];
            double a = fast[off + i];
            boolean same = Double.isNaN(e) ? Double.isNaN(a) : (a == e || Math.abs(a - e) <= atol + rtol * Math.abs(e));
            if (!same) {
                fail(what + ": element " + i + " fast " + a + " reference " + e);
            }
        }
    }

    @Test
    void unaryKernelsMatchReference() {
        for (UnaryKind kind : UnaryKind.values()) {
            for (int n : SIZES) {
                float[] x = KernelArrays.gaussian(gen, n + 2, 3);
                if (kind == UnaryKind.LOG || kind == UnaryKind.SQRT || kind == UnaryKind.RSQRT || kind == UnaryKind.POW) {
                    for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]) + 0.1f;
                }
                float p = kind == UnaryKind.CLAMP || kind == UnaryKind.CLAMP_GRAD ? -1f : 0.3f;
                float q = 1.5f;
                float[] out = new float[n + 2];
                double[] ref = new double[n + 2];
                FastUnary.apply(kind, p, q, x, 2, out, 1, n);
                ReferenceUnary.apply(kind, p, q, KernelArrays.widen(x), 2, ref, 1, n);
                close(kind + " n=" + n, out, ref, 1, n, 1e-5, 1e-6);
                assertEquals(0f, out[0], kind + " wrote before its range");
            }
        }
    }

    @Test
    void binaryKernelsMatchReferenceIncludingScalarOperands() {
        for (BinaryKind kind : BinaryKind.values()) {
            for (int n : SIZES) {
                float[] a = KernelArrays.gaussian(gen, n + 1, 2);
                float[] b = KernelArrays.gaussian(gen, n + 1, 2);
                if (kind == BinaryKind.POW) {
                    for (int i = 0; i < a.length; i++) a[i] = Math.abs(a[i]) + 0.1f;
                }
                for (int steps = 0; steps < 4; steps++) { // each operand read in order or broadcast
                    int aStep = steps / 2;
                    int bStep = steps % 2;
                    float[] out = new float[n];
                    double[] ref = new double[n];
                    FastBinary.apply(kind, a, 1, aStep, b, 1, bStep, out, 0, n);
                    ReferenceBinary.apply(kind, KernelArrays.widen(a), 1, aStep, KernelArrays.widen(b), 1, bStep, ref, 0, n);
                    close(kind + " n=" + n + " aStep=" + aStep + " bStep=" + bStep, out, ref, 0, n, 1e-5, 1e-6);
                }
            }
        }
    }

    @Test
    void reductionsMatchReferenceOverEveryLayout() {
        int[][] layouts = {{1, 1, 1}, {1, 70_001, 1}, {3, 17, 1}, {1, 17, 5}, {4, 9, 33}, {2, 0, 3}, {300, 200, 1}, {2, 300, 200}};
        for (ReduceKind kind : ReduceKind.values()) {
            for (int[] l : layouts) {
                if (l[1] == 0 && kind != ReduceKind.SUM) {
                    continue;
                }
                float[] x = KernelArrays.gaussian(gen, l[0] * l[1] * l[2] + 4, 1);
                float[] out = new float[l[0] * l[2]];
                double[] ref = new double[l[0] * l[2]];
                FastReduce.apply(kind, x, 4, l[0], l[1], l[2], out);
                ReferenceReduce.apply(kind, KernelArrays.widen(x), 4, l[0], l[1], l[2], ref);
                close(kind + " " + java.util.Arrays.toString(l), out, ref, 0, out.length, 1e-4, 1e-3);
            }
        }
    }

    @Test
    void maxAndArgmaxPropagateNaN() {
        float[] x = {1, Float.NaN, 3, 2};
        float[] out = new float[1];
        FastReduce.apply(ReduceKind.MAX, x, 0, 1, 4, 1, out);
        assertTrue(Float.isNaN(out[0]));
        FastReduce.apply(ReduceKind.ARGMAX, x, 0, 1, 4, 1, out);
        assertEquals(1f, out[0]);
    }

    @Test
    void longSumIsBitIdenticalRunToRun() {
        float[] x = KernelArrays.gaussian(gen, 1_000_003, 1);
        float[] first = new float[1];
        FastReduce.apply(ReduceKind.SUM, x, 0, 1, x.length, 1, first);
        for (int i = 0; i < 5; i++) {
            float[] again = new float[1];
            FastReduce.apply(ReduceKind.SUM, x, 0, 1, x.length, 1, again);
            assertArrayEquals(first, again);
        }
    }

    @Test
    void softmaxMatchesReferenceWithHugeLogits() {
        for (int n : new int[] {1, 5, 16, 37, 1000}) {
            float[] x = KernelArrays.gaussian(gen, 3 * n, 1e4);
            float[] out = new float[3 * n];
            double[] ref = new double[3 * n];
            for (boolean log : new boolean[] {false, true}) {
                FastSoftmax.apply(log, x, 0, 3, n, out);
                ReferenceSoftmax.apply(log, KernelArrays.widen(x), 0, 3, n, ref);
                close("softmax log=" + log + " n=" + n, out, ref, 0, 3 * n, 1e-4, 1e-5);
            }
        }
    }

    @Test
    void stridedCopyHandlesTransposedViews() {
        float[] src = new float[12];
        for (int i = 0; i < 12; i++) src[i] = i;
        float[] dst = new float[12];
        // src is (3, 4) row-major; copy its transpose (4, 3) into a contiguous destination.
        StridedCopy.copy(new int[] {4, 3}, src, 0, new int[] {1, 4}, dst, 0, new int[] {3, 1});
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, dst);
    }
}

// The Winograd F(2x2, 5x5) convolution against the float64 im2col reference: outputs and every gradient over
// random geometries (padding on uneven sides and beyond what the input gradient's adjoint takes, SAME and VALID, odd
// and even output sizes, batch 1, channel counts that are not multiples of anything, more output channels than one
// block of products; rows of tiles two to a panel, one to a panel, and wider than a panel), the thread count, what
// an earlier call leaves in the working memory, and the refusal of shapes it does not compute.
package dev.dendrite.ops;

import dev.dendrite.Dendrite;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Winograd5ConvTest {
    private static final int[] ONE = {1, 1};

    private record Case(int batch, int cin, int cout, int h, int w, Padding padding, boolean bias) {}

    private static final Case[] CASES = {
        new Case(3, 5, 7, 9, 11, Padding.of(2, 2), true),
        new Case(1, 16, 17, 13, 13, Padding.SAME, true),
        new Case(2, 3, 4, 8, 10, Padding.VALID, false),
        new Case(4, 6, 5, 9, 10, new Padding.Explicit(new int[] {3, 0}, new int[] {1, 4}), true),
        // more padding on top than the adjoint takes: the input gradient by columns
        new Case(2, 4, 3, 8, 9, new Padding.Explicit(new int[] {5, 1}, new int[] {0, 2}), true),
        // tile rows of 17-32 tiles (one a panel), of 34 (two panels), and 70 output channels (two blocks)
        new Case(2, 4, 6, 7, 40, Padding.of(2, 2), true),
        new Case(1, 3, 9, 6, 71, Padding.VALID, false),
        new Case(2, 20, 70, 11, 11, Padding.of(2, 2), true),
    };

    @Test
    void matchesTheFloat64ReferenceOutputAndGradients() {
        Generator g = new Generator(29);
        for (Case c : CASES) {
            Tensor x = Tensor.randn(g, c.batch, c.cin, c.h, c.w).requiresGrad(true);
            Tensor w = Tensor.randn(g, c.cout, c.cin, 5, 5).requiresGrad(true);
            Tensor b = c.bias ? Tensor.randn(g, c.cout).requiresGrad(true) : null;
            Tensor y = Conv.conv2d(x, w, b, ONE, c.padding, ONE, 1, Conv.Path.WINOGRAD5);
            Tensor cot = Tensor.randn(g, y.dims());
            y.backward(cot);

            Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor b64 = c.bias ? b.detach().to(DType.FLOAT64).requiresGrad(true) : null;
            Tensor y64 = Conv.conv2d(x64, w64, b64, ONE, c.padding, ONE, 1);
            y64.backward(cot.to(DType.FLOAT64));

            String what = c.toString();
            assertArrayEquals(y64.dims(), y.dims(), what + " shape");
            // Relative to the sums' size, sqrt(25 C) terms of unit size: the transforms' larger coefficients (up to
            // 5 in B^T, 1/24 in G) cost F(2x2, 5x5) about ten times F(2x2, 3x3)'s rounding, 1e-3 of that at most.
            assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-3 * Math.sqrt(25.0 * c.cin)), what + " output");
            assertTrue(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-4, 1e-3 * Math.sqrt(25.0 * c.cout)),
                    what + " grad x");
            double wScale = Math.sqrt((double) c.batch * y.size(2) * y.size(3));
            assertTrue(w.grad().to(DType.FLOAT64).allClose(w64.grad(), 1e-4, 1e-4 * wScale), what + " grad w");
            if (c.bias) {
                assertTrue(b.grad().to(DType.FLOAT64).allClose(b64.grad(), 1e-4, 1e-4 * wScale), what + " grad b");
            }
        }
    }

    @Test
    void staysWithinTenTimesTheRoundingOfTheDirectSum() {
        // AlexNet's conv2 scaled down: He-initialised filters over unit inputs, the float32 direct sum's error as the
        // yardstick for the transforms'.
        Generator g = new Generator(31);
        Tensor x = Tensor.randn(g, 2, 64, 27, 27);
        Tensor w = Tensor.randn(g, 48, 64, 5, 5).mul(Math.sqrt(2.0 / (64 * 25)));
        Tensor y64 = Conv.conv2d(x.to(DType.FLOAT64), w.to(DType.FLOAT64), null, ONE, Padding.of(2, 2), ONE, 1);
        Tensor winograd = Conv.conv2d(x, w, null, ONE, Padding.of(2, 2), ONE, 1, Conv.Path.WINOGRAD5);
        Tensor direct = Conv.conv2d(x, w, null, ONE, Padding.of(2, 2), ONE, 1, Conv.Path.COLUMNS);
        double winogradError = winograd.to(DType.FLOAT64).sub(y64).abs().max().item();
        double directError = direct.to(DType.FLOAT64).sub(y64).abs().max().item();
        assertTrue(winogradError < 10 * directError, winogradError + " against the direct sum's " + directError);
    }

    @Test
    void threadCountsGiveTheSameBits() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 3, 32, 27, 27);
        Tensor w = Tensor.randn(g, 72, 32, 5, 5).mul(0.05);
        Tensor cot = Tensor.randn(g, 3, 72, 27, 27);
        float[][] first = null;
        int before = Dendrite.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Dendrite.threads(threads);
                Tensor xg = x.detach().requiresGrad(true);
                Tensor wg = w.detach().requiresGrad(true);
                Tensor y = Conv.conv2d(xg, wg, null, ONE, Padding.of(2, 2), ONE, 1, Conv.Path.WINOGRAD5);
                y.backward(cot);
                float[][] now = {y.toFloatArray(), xg.grad().toFloatArray(), wg.grad().toFloatArray()};
                if (first == null) {
                    first = now;
                } else {
                    for (int k = 0; k < 3; k++) assertArrayEquals(first[k], now[k], threads + " threads, part " + k);
                }
            }
        } finally {
            Dendrite.threads(before);
        }
    }

    @Test
    void whatAnEarlierCallLeftInTheWorkingMemoryChangesNothing() {
        // A call on NaN fills this thread's working arrays with NaN; the next, smaller call (tile rows of 3 in a
        // 32-wide panel) must not read them.
        Generator g = new Generator(23);
        Tensor poison = Tensor.full(Double.NaN, DType.FLOAT32, 2, 24, 30, 30).requiresGrad(true);
        Tensor wp = Tensor.randn(g, 20, 24, 5, 5).requiresGrad(true);
        Conv.conv2d(poison, wp, null, ONE, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD5)
                .backward(Tensor.full(Double.NaN, DType.FLOAT32, 2, 20, 30, 30));

        Tensor x = Tensor.randn(g, 2, 5, 6, 6).requiresGrad(true);
        Tensor w = Tensor.randn(g, 7, 5, 5, 5).requiresGrad(true);
        Tensor y = Conv.conv2d(x, w, null, ONE, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD5);
        Tensor cot = Tensor.randn(g, y.dims());
        y.backward(cot);
        Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor y64 = Conv.conv2d(x64, w64, null, ONE, Padding.SAME, ONE, 1);
        y64.backward(cot.to(DType.FLOAT64));
        assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-3), "output");
        assertTrue(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-4, 1e-3), "grad x");
    }

    @Test
    void refusesShapesItDoesNotCompute() {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, 1, 4, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 4, 3, 3), null, ONE,
                Padding.SAME, ONE, 1, Conv.Path.WINOGRAD5));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 4, 5, 5), null,
                new int[] {2, 2}, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD5));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 2, 5, 5), null, ONE,
                Padding.SAME, ONE, 2, Conv.Path.WINOGRAD5));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 4, 5, 5), null, ONE,
                Padding.of(4, 4), new int[] {2, 2}, 1, Conv.Path.WINOGRAD5));
    }
}

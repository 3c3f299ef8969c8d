// The Winograd F(2x2, 3x3) convolution against the float64 im2col reference: outputs and every gradient over
// random geometries (padding on uneven sides, SAME and VALID, odd and even output sizes, batch 1, channels that
// are not multiples of anything; rows of 24 tiles or more, which run a row of tiles at a time), chunks of several
// images, the thread count, the refusal of shapes it does not compute, and the narrow maps it leaves to im2col.
package dev.dendrite.ops;

import dev.dendrite.Dendrite;
import dev.dendrite.kernels.ConvLoops;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.kernels.Winograd;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WinogradConvTest {
    private static final int[] ONE = {1, 1};

    private record Case(int batch, int cin, int cout, int h, int w, Padding padding, boolean bias) {}

    private static final Case[] CASES = {
        new Case(3, 5, 7, 9, 11, Padding.of(1, 1), true),
        new Case(1, 16, 17, 13, 13, Padding.SAME, true),
        new Case(2, 3, 4, 8, 6, Padding.VALID, false),
        new Case(4, 6, 5, 7, 10, new Padding.Explicit(new int[] {2, 0}, new int[] {1, 2}), true),
        new Case(2, 1, 3, 3, 3, Padding.VALID, true),
        new Case(5, 20, 18, 5, 4, Padding.of(1, 1), true),
        // rows of 24 tiles or more: the forward pass a row of tiles at a time, one and two panels wide
        new Case(2, 5, 11, 7, 50, Padding.of(1, 1), true),
        new Case(1, 3, 9, 6, 63, Padding.VALID, false),
        new Case(2, 9, 8, 5, 70, new Padding.Explicit(new int[] {2, 0}, new int[] {1, 2}), true),
    };

    @Test
    void matchesTheFloat64ReferenceOutputAndGradients() {
        Generator g = new Generator(19);
        for (Case c : CASES) {
            Tensor x = Tensor.randn(g, c.batch, c.cin, c.h, c.w).requiresGrad(true);
            Tensor w = Tensor.randn(g, c.cout, c.cin, 3, 3).requiresGrad(true);
            Tensor b = c.bias ? Tensor.randn(g, c.cout).requiresGrad(true) : null;
            Tensor y = Conv.conv2d(x, w, b, ONE, c.padding, ONE, 1, Conv.Path.WINOGRAD);
            Tensor cot = Tensor.randn(g, y.dims());
            y.backward(cot);

            Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor b64 = c.bias ? b.detach().to(DType.FLOAT64).requiresGrad(true) : null;
            Tensor y64 = Conv.conv2d(x64, w64, b64, ONE, c.padding, ONE, 1);
            y64.backward(cot.to(DType.FLOAT64));

            String what = c.toString();
            assertArrayEquals(y64.dims(), y.dims(), what + " shape");
            // Relative to the sums' size: sqrt(9 C_in) terms of unit size per output, 1e-4 of that at most.
            double scale = Math.sqrt(9.0 * c.cin);
            assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-4 * scale), what + " output");
            assertTrue(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-4, 1e-4 * Math.sqrt(9.0 * c.cout)),
                    what + " grad x");
            double wScale = Math.sqrt((double) c.batch * y.size(2) * y.size(3));
            assertTrue(w.grad().to(DType.FLOAT64).allClose(w64.grad(), 1e-4, 1e-4 * wScale), what + " grad w");
            if (c.bias) {
                assertTrue(b.grad().to(DType.FLOAT64).allClose(b64.grad(), 1e-4, 1e-4 * wScale), what + " grad b");
            }
        }
    }

    @Test
    void chunksOfImagesAndThreadCountsGiveTheSameBits() {
        // 64 channels at 56 x 56: two images fill the chunk budget, so a batch of 3 runs as two chunks whose weight
        // gradients are summed in order.
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 3, 64, 56, 56);
        Tensor w = Tensor.randn(g, 64, 64, 3, 3).mul(0.05);
        Tensor cot = Tensor.randn(g, 3, 64, 56, 56);
        float[][] first = null;
        int before = Dendrite.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Dendrite.threads(threads);
                Tensor xg = x.detach().requiresGrad(true);
                Tensor wg = w.detach().requiresGrad(true);
                Tensor y = Conv.conv2d(xg, wg, null, ONE, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD);
                y.backward(cot);
                float[][] now = {y.toFloatArray(), xg.grad().toFloatArray(), wg.grad().toFloatArray()};
                if (first == null) {
                    first = now;
                    Tensor y64 = Conv.conv2d(x.to(DType.FLOAT64), w.to(DType.FLOAT64), null, ONE, Padding.SAME, ONE, 1);
                    assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-3), "output against the reference");
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
        // A call on NaN fills this thread's working arrays with NaN; the next, smaller call's tiles (3 x 3 x 2 = 18,
        // padded to whole GEMM panels) must neither read them nor sum them into its weight gradient.
        Generator g = new Generator(23);
        Tensor poison = Tensor.full(Double.NaN, DType.FLOAT32, 4, 24, 30, 30).requiresGrad(true);
        Tensor wp = Tensor.randn(g, 20, 24, 3, 3).requiresGrad(true);
        Conv.conv2d(poison, wp, null, ONE, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD)
                .backward(Tensor.full(Double.NaN, DType.FLOAT32, 4, 20, 30, 30));

        Tensor x = Tensor.randn(g, 2, 5, 6, 6).requiresGrad(true);
        Tensor w = Tensor.randn(g, 7, 5, 3, 3).requiresGrad(true);
        Tensor y = Conv.conv2d(x, w, null, ONE, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD);
        Tensor cot = Tensor.randn(g, y.dims());
        y.backward(cot);
        Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
        Conv.conv2d(x64, w64, null, ONE, Padding.SAME, ONE, 1).backward(cot.to(DType.FLOAT64));
        assertTrue(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-4, 1e-3), "grad x");
        assertTrue(w.grad().to(DType.FLOAT64).allClose(w64.grad(), 1e-4, 1e-3), "grad w");
    }

    @Test
    void refusesShapesItDoesNotCompute() {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, 1, 4, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 4, 3, 3), null,
                new int[] {2, 2}, Padding.SAME, ONE, 1, Conv.Path.WINOGRAD));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 4, 5, 5), null, ONE,
                Padding.SAME, ONE, 1, Conv.Path.WINOGRAD));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 2, 3, 3), null, ONE,
                Padding.SAME, ONE, 2, Conv.Path.WINOGRAD));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.randn(g, 4, 4, 3, 3), null, ONE,
                Padding.SAME, new int[] {2, 2}, 1, Conv.Path.WINOGRAD));
    }

    @Test
    void leavesNarrowMapsOfFewChannelsToTheColumnsAtLargeBatches() {
        // alexnet-small's layers at batch 128 ran 0.78-0.81 of Winograd's time as im2col and one GEMM
        assertFalse(Winograd.suits(geometry(32, 14), dims(128, 32, 64, 14)));
        assertFalse(Winograd.suits(geometry(64, 7), dims(128, 64, 96, 7)));
        assertFalse(Winograd.suits(geometry(32, 14), dims(8, 32, 64, 14)));
        // more channels, a small batch or wide rows keep Winograd
        assertTrue(Winograd.suits(geometry(64, 7), dims(8, 64, 96, 7)));
        assertTrue(Winograd.suits(geometry(128, 7), dims(128, 128, 128, 7)));
        assertTrue(Winograd.suits(geometry(256, 13), dims(8, 256, 256, 13)));
        assertTrue(Winograd.suits(geometry(32, 28), dims(128, 32, 32, 28)));
    }

    /** A 3 x 3 SAME geometry over a square map. */
    private static Unfold.Geometry geometry(int channels, int size) {
        return new Unfold.Geometry(channels, size, size, 3, 3, 1, 1, 1, 1, 1, 1, size, size);
    }

    private static ConvLoops.Dims dims(int batch, int cin, int cout, int size) {
        return new ConvLoops.Dims(batch, 1, cout, cin * 9, size * size, cin * size * size);
    }
}

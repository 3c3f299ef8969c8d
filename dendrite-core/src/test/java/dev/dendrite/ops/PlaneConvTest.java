// The plane convolution (PlaneConv: stride 1, output positions in the vector lanes) against the float64 im2col
// reference: outputs and gradients over random geometries (padding on uneven sides, SAME and VALID, dilation,
// groups, kernels of 1 to 5, batch 1 and more, channel counts that leave a short register block), the same bits on
// any thread count, a one-dimensional convolution of one text (chosen by shape), and the refusal of a strided
// convolution.
package dev.dendrite.ops;

import dev.dendrite.Dendrite;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaneConvTest {
    private record Case(int batch, int cin, int cout, int h, int w, int k, Padding padding, int dilation, int groups,
                        boolean bias) {}

    private static final Case[] CASES = {
        // alexnet-small's 7 x 7 layer at batch 1
        new Case(1, 64, 96, 7, 7, 3, Padding.SAME, 1, 1, true),
        new Case(1, 1, 32, 28, 28, 3, Padding.SAME, 1, 1, true),
        new Case(2, 5, 7, 9, 11, 3, Padding.of(1, 1), 1, 1, false),
        new Case(1, 6, 10, 12, 10, 5, Padding.VALID, 1, 1, true),
        new Case(3, 6, 15, 11, 13, 3, new Padding.Explicit(new int[] {2, 0}, new int[] {1, 3}), 2, 3, true),
        new Case(1, 4, 6, 8, 8, 4, Padding.SAME, 1, 2, true),
        new Case(2, 3, 5, 5, 6, 1, Padding.VALID, 1, 1, true),
    };

    @Test
    void matchesTheFloat64ReferenceOutputAndGradients() {
        Generator g = new Generator(23);
        int[] one = {1, 1};
        for (Case c : CASES) {
            int[] dilation = {c.dilation, c.dilation};
            Tensor x = Tensor.randn(g, c.batch, c.cin, c.h, c.w).requiresGrad(true);
            Tensor w = Tensor.randn(g, c.cout, c.cin / c.groups, c.k, c.k).requiresGrad(true);
            Tensor b = c.bias ? Tensor.randn(g, c.cout).requiresGrad(true) : null;
            Tensor y = Conv.conv2d(x, w, b, one, c.padding, dilation, c.groups, Conv.Path.PLANE);
            Tensor cot = Tensor.randn(g, y.dims());
            y.backward(cot);

            Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor b64 = c.bias ? b.detach().to(DType.FLOAT64).requiresGrad(true) : null;
            Tensor y64 = Conv.conv2d(x64, w64, b64, one, c.padding, dilation, c.groups);
            y64.backward(cot.to(DType.FLOAT64));

            String what = c.toString();
            assertArrayEquals(y64.dims(), y.dims(), what + " shape");
            // Relative to the sums' size: sqrt(k^2 C_in / groups) terms of unit size per output.
            double scale = Math.sqrt((double) c.k * c.k * c.cin / c.groups);
            assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-5, 1e-5 * scale), what + " output");
            assertTrue(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-5, 1e-5 * scale), what + " grad x");
            double wScale = Math.sqrt((double) c.batch * y.size(2) * y.size(3));
            assertTrue(w.grad().to(DType.FLOAT64).allClose(w64.grad(), 1e-5, 1e-5 * wScale), what + " grad w");
        }
    }

    @Test
    void aOneDimensionalConvolutionOfOneTextRunsOnItAndMatchesFloat64() {
        Generator g = new Generator(31);
        Tensor x = Tensor.randn(g, 1, 8, 40);
        Tensor w = Tensor.randn(g, 12, 8, 3);
        Tensor b = Tensor.randn(g, 12);
        assertTrue(dev.dendrite.kernels.PlaneConv.suits(new dev.dendrite.kernels.Unfold.Geometry(8, 1, 40, 1, 3, 1, 1,
                1, 2, 0, 2, 1, 40), new dev.dendrite.kernels.ConvLoops.Dims(1, 1, 12, 24, 40, 320)), "chosen for it");
        Tensor y = Conv.conv1d(x, w, b, 1, Padding.SAME, 2, 1);
        Tensor y64 = Conv.conv1d(x.to(DType.FLOAT64), w.to(DType.FLOAT64), b.to(DType.FLOAT64), 1, Padding.SAME, 2, 1);
        assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-5, 1e-5 * Math.sqrt(24)), "conv1d output");
    }

    @Test
    void anyThreadCountGivesTheSameBitsAndStridesAreRefused() {
        Generator g = new Generator(29);
        Tensor x = Tensor.randn(g, 2, 32, 14, 14);
        Tensor w = Tensor.randn(g, 64, 32, 3, 3);
        Tensor b = Tensor.randn(g, 64);
        int[] one = {1, 1};
        float[] first = null;
        int before = Dendrite.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Dendrite.threads(threads);
                float[] now = Conv.conv2d(x, w, b, one, Padding.SAME, one, 1, Conv.Path.PLANE).toFloatArray();
                if (first == null) {
                    first = now;
                } else {
                    assertArrayEquals(first, now, threads + " threads");
                }
            }
        } finally {
            Dendrite.threads(before);
        }
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, w, b, new int[] {2, 2}, Padding.SAME, one, 1,
                Conv.Path.PLANE));
    }
}

// The lane convolution (batch in the vector lanes) against the float64 im2col reference: outputs and every
// gradient, over padding on uneven sides, SAME with stride, dilation, groups, no bias, and batches that do not
// fill the last register block.
package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneConvTest {
    private record Case(int batch, int cin, int cout, int h, int w, int kh, int kw, int[] stride, Padding padding,
                        int[] dilation, int groups, boolean bias) {}

    @Test
    void matchesTheFloat64ReferenceOutputAndGradients() {
        Generator g = new Generator(11);
        Case[] cases = {
            new Case(20, 6, 16, 9, 11, 5, 5, new int[] {1, 1},
                    new Padding.Explicit(new int[] {2, 1}, new int[] {0, 2}), new int[] {1, 1}, 1, true),
            new Case(33, 4, 6, 12, 12, 3, 3, new int[] {2, 2}, Padding.SAME, new int[] {1, 1}, 2, true),
            new Case(16, 3, 10, 13, 10, 3, 2, new int[] {2, 1}, Padding.VALID, new int[] {2, 3}, 1, false),
            new Case(40, 12, 9, 7, 8, 3, 3, new int[] {3, 2}, Padding.SAME, new int[] {2, 1}, 3, true),
            new Case(3, 1, 6, 10, 10, 5, 5, new int[] {1, 1}, Padding.of(2, 2), new int[] {1, 1}, 1, true),
            // A 1-d convolution as conv1d passes it on: height 1, kernel 1 x 3.
            new Case(34, 5, 7, 1, 23, 1, 3, new int[] {1, 2}, Padding.SAME, new int[] {1, 1}, 1, true),
        };
        for (Case c : cases) {
            Tensor x = Tensor.randn(g, c.batch, c.cin, c.h, c.w).requiresGrad(true);
            Tensor w = Tensor.randn(g, c.cout, c.cin / c.groups, c.kh, c.kw).requiresGrad(true);
            Tensor b = c.bias ? Tensor.randn(g, c.cout).requiresGrad(true) : null;
            Tensor y = Conv.conv2d(x, w, b, c.stride, c.padding, c.dilation, c.groups, Conv.Path.LANES);
            Tensor cot = Tensor.randn(g, y.dims());
            y.backward(cot);

            Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
            Tensor b64 = c.bias ? b.detach().to(DType.FLOAT64).requiresGrad(true) : null;
            Tensor y64 = Conv.conv2d(x64, w64, b64, c.stride, c.padding, c.dilation, c.groups);
            y64.backward(cot.to(DType.FLOAT64));

            String what = c.toString();
            assertTrue(y.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-4), what + " output");
            assertTrue(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-4, 1e-3), what + " grad x");
            assertTrue(w.grad().to(DType.FLOAT64).allClose(w64.grad(), 1e-4, 1e-3), what + " grad w");
            if (c.bias) {
                assertTrue(b.grad().to(DType.FLOAT64).allClose(b64.grad(), 1e-4, 1e-3), what + " grad b");
            }
        }
    }

    @Test
    void runsOnlyForBatchesOfSmallConvolutions() {
        // LeNet's second convolution at batch 128 takes the lane path; at batch 1, with 3x3 over one channel (too
        // little work per output), and with DCGAN's 64 output channels, it does not.
        assertTrue(LaneConv.suits(new dev.dendrite.kernels.ConvLoops.Dims(128, 1, 16, 150, 100, 6 * 14 * 14)));
        assertFalse(LaneConv.suits(new dev.dendrite.kernels.ConvLoops.Dims(1, 1, 16, 150, 100, 6 * 14 * 14)));
        assertFalse(LaneConv.suits(new dev.dendrite.kernels.ConvLoops.Dims(128, 1, 32, 9, 784, 784)));
        assertFalse(LaneConv.suits(new dev.dendrite.kernels.ConvLoops.Dims(64, 1, 64, 16, 196, 784)));
    }
}

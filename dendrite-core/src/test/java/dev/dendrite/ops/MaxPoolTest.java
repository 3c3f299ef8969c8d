// Float32 max pooling (the unrolled 3 x 3 window and the 2 x 2 pairs included) against the float64 loop: values
// and where each gradient goes, on inputs full of ties (the first maximum wins) and with NaNs (NaN wins); padding
// wider than half the window (a window of padding only) is refused. Enough planes for the vectors of planes. Without
// gradient recording the maxima-only kernel gives the same values over random geometries, ceil mode, NaN and -inf.
package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxPoolTest {
    private static void assertSameAsFloat64(Tensor x, int k, int s, Padding padding) {
        Tensor x32 = x.detach().requiresGrad(true);
        Tensor y32 = Pool.maxPool2d(x32, new int[] {k, k}, new int[] {s, s}, padding, false);
        Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor y64 = Pool.maxPool2d(x64, new int[] {k, k}, new int[] {s, s}, padding, false);
        Tensor cot = Tensor.arange(1, 1 + y32.numel(), 1, DType.FLOAT32).reshape(y32.dims());
        y32.backward(cot);
        y64.backward(cot.to(DType.FLOAT64));
        String what = k + "x" + k + "/" + s + " " + padding;
        assertArrayEquals(y64.to(DType.FLOAT32).toFloatArray(), y32.toFloatArray(), what + " values");
        assertArrayEquals(y32.toFloatArray(), Pool.maxPool2d(x.detach(), new int[] {k, k}, new int[] {s, s}, padding,
                false).toFloatArray(), what + " values without gradient recording");
        assertArrayEquals(x64.grad().to(DType.FLOAT32).toFloatArray(), x32.grad().toFloatArray(), what + " routing");
    }

    @Test
    void unrolledWindowsPickTheFirstMaximumAsTheLoopDoes() {
        Generator g = new Generator(3);
        // Values from {0, 1, 2}: most windows hold ties. 39 planes: whole vectors of planes and a scalar rest.
        Tensor x = Tensor.uniform(g, 0, 3, DType.FLOAT32, 3, 13, 15, 14).to(DType.INT64).to(DType.FLOAT32);
        for (Padding p : new Padding[] {Padding.SAME, Padding.VALID, Padding.of(1, 1)}) {
            assertSameAsFloat64(x, 3, 2, p);
            assertSameAsFloat64(x, 3, 1, p);
            assertSameAsFloat64(x, 2, 2, p);
        }
    }

    @Test
    void paddingWiderThanHalfTheWindowIsRefused() {
        Tensor x = Tensor.randn(new Generator(5), 1, 2, 9, 9);
        var wide = assertThrows(dev.dendrite.tensor.ShapeException.class, () -> Pool.maxPool2d(x, new int[] {3, 3},
                new int[] {2, 2}, Padding.of(0, 3), false));
        assertTrue(wide.getMessage().contains("pad at most 1"), wide.getMessage());
        assertSameAsFloat64(x, 3, 2, Padding.of(1, 1));
        float[] withNans = Tensor.randn(new Generator(6), 2, 20, 9, 9).toFloatArray();
        withNans[3 * 81 + 10] = Float.NaN;
        withNans[33 * 81 + 40] = Float.NaN;
        assertSameAsFloat64(Tensor.fromArray(withNans, 2, 20, 9, 9), 3, 2, Padding.SAME);
        assertSameAsFloat64(Tensor.fromArray(withNans, 2, 20, 9, 9), 3, 1, Padding.VALID);
    }

    @Test
    void nanWinsTheWindow() {
        Tensor x = Tensor.fromArray(new float[] {1, Float.NaN, 2, 3, 4, Float.NaN, 0, 9, 1}, 1, 1, 3, 3);
        assertSameAsFloat64(x, 3, 1, Padding.VALID);
        Tensor y = Pool.maxPool2d(x, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, false);
        assertTrue(Float.isNaN(y.toFloatArray()[0]));
        Tensor xg = x.detach().requiresGrad(true);
        Pool.maxPool2d(xg, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, false).sum().backward();
        assertEquals(1f, xg.grad().toFloatArray()[5], "the gradient goes to the last NaN, as the general loop");
    }

    @Test
    void withoutGradientRecordingTheMaximaAloneMatchTheRecordingKernel() {
        Generator g = new Generator(11);
        for (int trial = 0; trial < 200; trial++) {
            int kh = 1 + g.nextInt(5);
            int kw = 1 + g.nextInt(5);
            int[] stride = {1 + g.nextInt(3), 1 + g.nextInt(3)};
            int h = kh + g.nextInt(20);
            int w = kw + g.nextInt(40);
            Padding padding = switch (g.nextInt(3)) {
                case 0 -> Padding.VALID;
                case 1 -> Padding.SAME;
                default -> Padding.of(g.nextInt(kh / 2 + 1), g.nextInt(kw / 2 + 1));
            };
            boolean ceil = g.nextInt(2) == 1 && !(padding instanceof Padding.Same);
            float[] values = Tensor.randn(g, 2, 3, h, w).toFloatArray();
            for (int i = 0; i < 3; i++) values[g.nextInt(values.length)] = Float.NaN;
            for (int i = 0; i < 3; i++) values[g.nextInt(values.length)] = Float.NEGATIVE_INFINITY;
            Tensor x = Tensor.fromArray(values, 2, 3, h, w);
            int[] kernel = {kh, kw};
            Tensor recorded = Pool.maxPool2d(x.detach().requiresGrad(true), kernel, stride, padding, ceil);
            Tensor alone = Pool.maxPool2d(x, kernel, stride, padding, ceil);
            String what = kh + "x" + kw + "/" + stride[0] + "," + stride[1] + " " + padding + " ceil " + ceil + " on "
                    + h + "x" + w;
            assertArrayEquals(recorded.dims(), alone.dims(), what);
            assertArrayEquals(recorded.toFloatArray(), alone.toFloatArray(), what);
        }
    }
}

// Convolution and pooling: the seeds' worked examples, TensorFlow's SAME/VALID sizes for every stride and
// dilation, and outputs and gradients against PyTorch 1.13 fixtures (float64 and float32).
package dev.dendrite.ops;

import dev.dendrite.nn.Conv1d;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.MaxPool1d;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dendrite.testing.TorchFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvTest {
    private static final float[] SEED_IMAGE = {
            1, 0, 0, 0, 0, 1,
            0, 1, 0, 0, 1, 0,
            0, 0, 1, 1, 0, 0,
            1, 0, 0, 0, 1, 0,
            0, 1, 0, 0, 1, 0,
            0, 0, 1, 0, 1, 0};

    private static Tensor conv(Tensor image, float[] filter, int k, int stride) {
        return Conv.conv2d(image, Tensor.fromArray(filter, 1, 1, k, k), null, new int[] {stride, stride}, Padding.VALID,
                new int[] {1, 1}, 1);
    }

    @Test
    void seed003SixBySixImageWithTwoFilters() {
        Tensor image = Tensor.fromArray(SEED_IMAGE, 1, 1, 6, 6);
        float[] filter1 = {1, -1, -1, -1, 1, -1, -1, -1, 1};
        float[] filter2 = {-1, 1, -1, -1, 1, -1, -1, 1, -1};
        assertArrayEquals(new float[] {3, -1, -3, -1, -3, 1, 0, -3, -3, -3, 0, 1, 3, -2, -2, -1},
                conv(image, filter1, 3, 1).toFloatArray());
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1, -2, 1, -1, -1, -2, 1, -1, 0, -4, 3},
                conv(image, filter2, 3, 1).toFloatArray());
        // Stride 2: the slide shows 3 then -3 along the first row.
        Tensor strided = conv(image, filter1, 3, 2);
        assertEquals(Shape.of(1, 1, 2, 2), strided.shape());
        assertEquals(3.0, strided.get(0, 0, 0, 0));
        assertEquals(-3.0, strided.get(0, 0, 0, 1));
        // Two filters form a 2 x 4 x 4 output.
        Tensor both = Conv.conv2d(image, Tensor.fromArray(concat(filter1, filter2), 2, 1, 3, 3), null, new int[] {1, 1},
                Padding.VALID, new int[] {1, 1}, 1);
        assertEquals(Shape.of(1, 2, 4, 4), both.shape());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void seed001FiveByFiveImageGivesItsFeatureMap() {
        Tensor image = Tensor.fromArray(new float[] {
                1, 1, 1, 0, 0,
                0, 1, 1, 1, 0,
                0, 0, 1, 1, 1,
                0, 0, 1, 1, 0,
                0, 1, 1, 0, 0}, 1, 1, 5, 5);
        float[] filter = {1, 0, 1, 0, 1, 0, 1, 0, 1};
        Tensor map = conv(image, filter, 3, 1).relu();
        assertArrayEquals(new float[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, map.toFloatArray());
    }

    @Test
    void sameAndValidFollowTensorFlowForEveryStrideAndDilation() {
        for (int in = 1; in <= 12; in++) {
            for (int k = 1; k <= 4; k++) {
                for (int stride = 1; stride <= 3; stride++) {
                    for (int dilation = 1; dilation <= 3; dilation++) {
                        int eff = (k - 1) * dilation + 1;
                        Padding.Dim same = Padding.resolve(Padding.SAME, 0, in, k, stride, dilation, false, "t");
                        assertEquals((in + stride - 1) / stride, same.out());
                        int needed = Math.max(0, (same.out() - 1) * stride + eff - in);
                        assertEquals(needed / 2, same.before());
                        assertEquals(needed - needed / 2, same.after(), "the odd pixel goes after");
                        if (in >= eff) {
                            assertEquals((in - eff + stride) / stride,
                                    Padding.resolve(Padding.VALID, 0, in, k, stride, dilation, false, "t").out());
                        }
                    }
                }
            }
        }
        Tensor x = Tensor.zeros(1, 1, 7, 6);
        Tensor y = Conv.conv2d(x, Tensor.zeros(1, 1, 3, 3), null, new int[] {2, 2}, Padding.SAME, new int[] {2, 2}, 1);
        assertEquals(Shape.of(1, 1, 4, 3), y.shape());
    }

    private record Case(String name, boolean hasBias, java.util.function.Function<List<Tensor>, Tensor> fn) {}

    @Test
    void matchesPyTorchOutputsAndGradients() {
        List<Case> cases = List.of(
                new Case("convA", true, t -> Conv.conv2d(t.get(0), t.get(1), t.get(2), new int[] {2, 2}, Padding.of(1, 1), new int[] {1, 1}, 1)),
                new Case("convB", false, t -> Conv.conv2d(t.get(0), t.get(1), null, new int[] {1, 1}, Padding.of(2, 2), new int[] {2, 2}, 1)),
                new Case("convC", true, t -> Conv.conv2d(t.get(0), t.get(1), t.get(2), new int[] {2, 2}, Padding.VALID, new int[] {1, 1}, 2)),
                new Case("convSame", true, t -> Conv.conv2d(t.get(0), t.get(1), t.get(2), new int[] {2, 2}, Padding.SAME, new int[] {2, 2}, 1)),
                new Case("conv1dSame", true, t -> Conv.conv1d(t.get(0), t.get(1), t.get(2), 3, Padding.SAME, 1, 1)),
                new Case("maxPoolOverlap", false, t -> Pool.maxPool2d(t.get(0), new int[] {3, 3}, new int[] {2, 2}, Padding.of(0, 0), false)),
                new Case("maxPoolCeil", false, t -> Pool.maxPool2d(t.get(0), new int[] {2, 2}, new int[] {2, 2}, Padding.of(0, 0), true)),
                new Case("avgPoolPad", false, t -> Pool.avgPool2d(t.get(0), new int[] {3, 2}, new int[] {2, 2}, Padding.of(1, 1), false)),
                new Case("maxPool1d", false, t -> Pool.maxPool1d(t.get(0), 3, 2, Padding.of(0), false)),
                new Case("avgPool1d", false, t -> Pool.avgPool1d(t.get(0), 3, 2, Padding.of(1), false)),
                new Case("adaptiveMax", false, t -> Pool.adaptiveMaxPool2d(t.get(0), 3, 2)));
        for (Case c : cases) {
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                double rtol = dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
                double atol = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
                Tensor x = get(c.name() + ".x").to(dtype).requiresGrad(true);
                Tensor w = get(c.name() + ".w").to(dtype).requiresGrad(true);
                Tensor b = c.hasBias() ? get(c.name() + ".b").to(dtype).requiresGrad(true) : null;
                Tensor out = c.fn().apply(java.util.Arrays.asList(x, w, b));
                String what = c.name() + " " + dtype;
                assertTrue(out.to(DType.FLOAT64).allClose(get(c.name() + ".out"), rtol, atol), what + " output");
                out.backward(get(c.name() + ".cot").to(dtype));
                assertTrue(x.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gx"), rtol * 10, atol * 10), what + " grad x");
                if (c.name().startsWith("conv")) {
                    assertTrue(w.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gw"), rtol * 10, atol * 10), what + " grad w");
                }
                if (b != null) {
                    assertTrue(b.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gb"), rtol * 10, atol * 10), what + " grad b");
                }
            }
        }
    }

    @Test
    void aConvWithTheWrongChannelCountNamesTheLayer() {
        Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, new Generator(0)), new Conv2d(4, 8, 3, 1, 1, new Generator(0)));
        ShapeException e = assertThrows(ShapeException.class, () -> net.forward(Tensor.zeros(2, 3, 28, 28)));
        assertEquals("0 (Conv2d): expected input (B, 1, H, W), got (2, 3, 28, 28)", e.getMessage());
        ShapeException small = assertThrows(ShapeException.class, () -> Pool.maxPool2d(Tensor.zeros(1, 1, 2, 2),
                new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, false));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
        Sequential text = new Sequential(new Conv1d(8, 4, 3, Padding.SAME, new Generator(0)), new MaxPool1d(2, 2));
        assertEquals(Shape.of(2, 4, 5), text.forward(Tensor.zeros(2, 8, 10)).shape());
        ShapeException e1 = assertThrows(ShapeException.class, () -> text.forward(Tensor.zeros(2, 10, 8)));
        assertEquals("0 (Conv1d): expected input (B, 8, L), got (2, 10, 8)", e1.getMessage());
    }

    @Test
    void maxPoolingTakesTheFirstMaximumAndLetsNaNWin() {
        // 2x2 windows at stride 2: the branch-free path in float, the general one in double.
        double nan = Double.NaN;
        Tensor x = Tensor.fromArray(new double[] {1, 1, 0, 5, 2, 1, nan, 0, 3, 3, 4, 4, 3, 3, 4, 9}, 1, 1, 4, 4);
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor in = x.to(dtype).requiresGrad(true);
            Tensor y = Pool.maxPool2d(in, new int[] {2, 2}, new int[] {2, 2}, Padding.of(0, 0), false);
            double[] out = y.to(DType.FLOAT64).toDoubleArray();
            assertEquals(2.0, out[0]);
            assertTrue(Double.isNaN(out[1]), "NaN wins");
            assertEquals(3.0, out[2]);
            assertEquals(9.0, out[3]);
            y.backward(Tensor.ones(1, 1, 2, 2).to(dtype));
            // The gradient goes to the first maximum of each window: (1, 0), the NaN at (1, 2), (2, 0), (3, 3).
            assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1},
                    in.grad().to(DType.FLOAT64).toDoubleArray(), dtype.toString());
        }
    }

    @Test
    void theFunctionalShortFormsForSquareWindowsMatchTheFullForms() {
        Generator g = new Generator(9);
        Tensor x = Tensor.randn(g, 2, 3, 9, 9);
        Tensor w = Tensor.randn(g, 4, 3, 3, 3);
        Tensor b = Tensor.randn(g, 4);
        Tensor full = Conv.conv2d(x, w, b, new int[] {2, 2}, Padding.of(1, 1), new int[] {1, 1}, 1);
        assertTrue(dev.dendrite.nn.F.conv2d(x, w, b, 2, 1).allClose(full, 0, 0));
        Tensor pooled = Pool.maxPool2d(x, new int[] {3, 3}, new int[] {2, 2}, Padding.VALID, false);
        assertTrue(dev.dendrite.nn.F.maxPool2d(x, 3, 2).allClose(pooled, 0, 0));
        assertTrue(dev.dendrite.nn.F.avgPool2d(x, 3, 3).allClose(
                Pool.avgPool2d(x, new int[] {3, 3}, new int[] {3, 3}, Padding.VALID, false), 0, 0));
    }

    /** A channels-last GEMM over all taps, then tapSum, is conv1d: the same output and weight gradient. */
    @Test
    void tapSumOfOneGemmIsConv1d() {
        dev.dendrite.tensor.Generator g = new dev.dendrite.tensor.Generator(4);
        Tensor x = Tensor.randn(g, 2, 7, 5); // (B, T, C_in)
        Tensor w = Tensor.randn(g, 3, 5, 4).requiresGrad(true); // (C_out, C_in, k)
        Tensor direct = Conv.conv1d(x.transpose(1, 2), w, null, 1, Padding.VALID, 1, 1).transpose(1, 2);
        Tensor cot = Tensor.randn(g, 2, 4, 3);
        direct.mul(cot).sum().backward();
        Tensor directGrad = w.grad();
        w.zeroGrad();
        Tensor viaTaps = Conv.tapSum(x.matmul(w.permute(1, 2, 0).reshape(5, -1)), 4);
        viaTaps.mul(cot).sum().backward();
        assertTrue(viaTaps.allClose(direct, 1e-4, 1e-5), viaTaps + " vs " + direct);
        assertTrue(w.grad().allClose(directGrad, 1e-4, 1e-5));
    }
}

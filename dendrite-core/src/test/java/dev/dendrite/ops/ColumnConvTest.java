// The im2col + GEMM convolution (ConvLoops, chunks of images side by side in one column buffer, the batch cut in
// fixed parts) against a plain six-loop convolution in float64: outputs and every gradient for batches whose parts
// hold several chunks and a short last one, strided and narrow outputs (the offset-map unfold), groups; the same
// bits with one thread and with several; and the whole-image window DCGAN ends its discriminator with (and starts its
// generator with, transposed).
package dev.dendrite.ops;

import dev.dendrite.kernels.Parallel;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnConvTest {
    private record Case(int batch, int cin, int cout, int size, int k, int stride, int pad, int dilation, int groups) {
        int out() {
            return (size + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        }
    }

    /** y, dx and dw of the convolution with cotangent dy, by the definition, in float64. */
    private static double[][] naive(Case c, double[] x, double[] w, double[] dy) {
        int o = c.out();
        int cinG = c.cin / c.groups;
        int coutG = c.cout / c.groups;
        double[] y = new double[c.batch * c.cout * o * o];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < c.batch; b++) {
            for (int oc = 0; oc < c.cout; oc++) {
                int group = oc / coutG;
                for (int oy = 0; oy < o; oy++) {
                    for (int ox = 0; ox < o; ox++) {
                        int yi = ((b * c.cout + oc) * o + oy) * o + ox;
                        for (int ic = 0; ic < cinG; ic++) {
                            int channel = group * cinG + ic;
                            for (int ky = 0; ky < c.k; ky++) {
                                for (int kx = 0; kx < c.k; kx++) {
                                    int iy = oy * c.stride - c.pad + ky * c.dilation;
                                    int ix = ox * c.stride - c.pad + kx * c.dilation;
                                    if (iy < 0 || iy >= c.size || ix < 0 || ix >= c.size) {
                                        continue;
                                    }
                                    int xi = ((b * c.cin + channel) * c.size + iy) * c.size + ix;
                                    int wi = ((oc * cinG + ic) * c.k + ky) * c.k + kx;
                                    y[yi] += w[wi] * x[xi];
                                    dx[xi] += w[wi] * dy[yi];
                                    dw[wi] += x[xi] * dy[yi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx, dw};
    }

    private static double[] doubles(Tensor t) {
        return t.to(DType.FLOAT64).toDoubleArray();
    }

    /** y, dx and dw through the columns path in float32. */
    private static Tensor[] columns(Case c, Tensor x, Tensor w, Tensor dy) {
        Tensor xg = x.detach().requiresGrad(true);
        Tensor wg = w.detach().requiresGrad(true);
        int[] s = {c.stride, c.stride};
        Tensor y = Conv.conv2d(xg, wg, null, s, Padding.of(c.pad, c.pad), new int[] {c.dilation, c.dilation}, c.groups,
                Conv.Path.COLUMNS);
        y.backward(dy);
        return new Tensor[] {y, xg.grad(), wg.grad()};
    }

    /** Every element within 1e-5 of the largest expected magnitude (float32 sums of hundreds of products). */
    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-5 * scale, what + ": worst error " + worst + " against largest value " + scale);
    }

    @Test
    void matchesThePlainConvolutionAndGivesTheSameBitsOnAnyThreadCount() {
        Generator g = new Generator(13);
        Case[] cases = {
            // 576 x 169 columns per image: two images a chunk, parts of five: chunks of 2, 2 and 1
            new Case(40, 64, 8, 13, 3, 1, 1, 1, 1),
            // DCGAN's discriminator shape, narrowed: stride 2 over 14 x 14 (the offset-map unfold), short batch
            new Case(11, 16, 12, 14, 4, 2, 1, 1, 1),
            // groups, dilation, stride 3, an odd batch
            new Case(9, 6, 9, 11, 3, 3, 2, 2, 3),
            // two groups whose weight gradients are summed transposed (37 outputs against K = 180, past a block of
            // 32 both ways), a batch of 6 in four weight parts
            new Case(6, 40, 74, 9, 3, 2, 1, 1, 2),
        };
        int threads = Parallel.threads();
        for (Case c : cases) {
            Tensor x = Tensor.randn(g, c.batch, c.cin, c.size, c.size);
            Tensor w = Tensor.randn(g, c.cout, c.cin / c.groups, c.k, c.k);
            Tensor dy = Tensor.randn(g, c.batch, c.cout, c.out(), c.out());
            double[][] expected = naive(c, doubles(x), doubles(w), doubles(dy));
            Tensor[] got = columns(c, x, w, dy);
            String[] names = {"output", "grad x", "grad w"};
            for (int i = 0; i < 3; i++) {
                assertClose(expected[i], doubles(got[i]), c + " " + names[i]);
            }
            Tensor[] single;
            try {
                Parallel.setThreads(1);
                single = columns(c, x, w, dy);
            } finally {
                Parallel.setThreads(threads);
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(got[i].toFloatArray(), single[i].toFloatArray(), c + " " + names[i] + " on one thread");
            }
        }
    }

    @Test
    void aWindowOverTheWholeImageIsOneMatrixProduct() {
        Generator g = new Generator(17);
        Case c = new Case(6, 5, 3, 7, 7, 1, 0, 1, 1);
        Tensor x = Tensor.randn(g, c.batch, c.cin, 7, 7).requiresGrad(true);
        Tensor w = Tensor.randn(g, c.cout, c.cin, 7, 7).requiresGrad(true);
        Tensor b = Tensor.randn(g, c.cout).requiresGrad(true);
        Tensor dy = Tensor.randn(g, c.batch, c.cout, 1, 1);
        Tensor y = Conv.conv2d(x, w, b, new int[] {1, 1}, Padding.VALID, new int[] {1, 1}, 1);
        y.backward(dy);
        double[][] expected = naive(c, doubles(x), doubles(w), doubles(dy));
        double[] withBias = expected[0].clone();
        double[] bias = doubles(b);
        for (int i = 0; i < withBias.length; i++) withBias[i] += bias[i % c.cout];
        assertClose(withBias, doubles(y), "output");
        assertClose(expected[1], doubles(x.grad()), "grad x");
        assertClose(expected[2], doubles(w.grad()), "grad w");
        assertClose(doubles(dy.reshape(c.batch, c.cout).sum(0)), doubles(b.grad()), "grad b");
        Tensor dwFromConv = w.grad().detach().clone();
        assertTrue(Conv.wholeImage(new dev.dendrite.kernels.Unfold.Geometry(5, 7, 7, 7, 7, 1, 1, 1, 1, 0, 0, 1, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, w, b, new int[] {1, 1}, Padding.SAME,
                new int[] {1, 1}, 1, Conv.Path.MATRIX), "a padded window is not the whole image");

        // its adjoint, one pixel spread over a 7 x 7 output (DCGAN's first generator layer), against float64
        Tensor z = Tensor.randn(g, c.batch, c.cout, 1, 1).requiresGrad(true);
        Tensor spread = ConvTranspose.convTranspose2d(z, w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0},
                new int[] {1, 1}, 1);
        Tensor cotangent = Tensor.randn(g, spread.dims());
        spread.backward(cotangent);
        Tensor z64 = z.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor spread64 = ConvTranspose.convTranspose2d(z64, w64, null, new int[] {1, 1}, new int[] {0, 0},
                new int[] {0, 0}, new int[] {1, 1}, 1);
        spread64.backward(cotangent.to(DType.FLOAT64));
        assertClose(spread64.toDoubleArray(), doubles(spread), "transposed output");
        assertClose(z64.grad().toDoubleArray(), doubles(z.grad()), "transposed grad x");
        assertClose(w64.grad().toDoubleArray(), doubles(w.grad().sub(dwFromConv)), "transposed grad w");
    }
}

// The float im2col / col2im (each output row split into block copies and padding fills) against the double
// per-element reference: random geometries with padding, strides, dilations, rows narrower and wider than a
// vector, padding values other than zero (max pooling pads with -inf), and an image at the very end of its array.
package dev.dendrite.kernels;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnfoldKernelTest {
    private final Generator gen = new Generator(11);

    /** A random geometry: the output size follows from explicit padding, as the ops compute it. */
    private Unfold.Geometry geometry() {
        int channels = 1 + gen.nextInt(3);
        int h = 1 + gen.nextInt(12);
        int w = 1 + gen.nextInt(72); // stride-2 rows up to 36 wide: two vectors and a partial one
        int kh = 1 + gen.nextInt(4);
        int kw = 1 + gen.nextInt(4);
        int sh = 1 + gen.nextInt(2);
        int sw = gen.nextInt(3) == 0 ? 2 : 1;
        int dh = 1 + gen.nextInt(2);
        int dw = 1 + gen.nextInt(2);
        int padTop = gen.nextInt(3);
        int padLeft = gen.nextInt(3);
        int outH = (h + 2 * padTop - (kh - 1) * dh - 1) / sh + 1;
        int outW = (w + 2 * padLeft - (kw - 1) * dw - 1) / sw + 1;
        if (outH < 1 || outW < 1) {
            return geometry();
        }
        return new Unfold.Geometry(channels, h, w, kh, kw, sh, sw, dh, dw, padTop, padLeft, outH, outW);
    }

    @Test
    void unfoldMatchesTheReferenceElementForElement() {
        for (int trial = 0; trial < 200; trial++) {
            Unfold.Geometry g = geometry();
            int image = g.channels() * g.h() * g.w();
            float[] x = KernelArrays.gaussian(gen, 3 + image, 1); // the image ends the array
            float pad = trial % 3 == 0 ? Float.NEGATIVE_INFINITY : trial % 3 == 1 ? 0f : 0.5f;
            int ldc = g.cols() + 2;
            float[] cols = new float[g.rows() * ldc + 1];
            double[] ref = new double[cols.length];
            java.util.Arrays.fill(cols, 9f);
            java.util.Arrays.fill(ref, 9.0);
            Unfold.unfold(g, x, 3, cols, 1, ldc, pad);
            Unfold.unfold(g, KernelArrays.widen(x), 3, ref, 1, ldc, pad);
            for (int i = 0; i < cols.length; i++) {
                assertEquals(ref[i], cols[i], 0.0, g + " pad " + pad + " at " + i);
            }
        }
    }

    @Test
    void foldMatchesTheReference() {
        for (int trial = 0; trial < 200; trial++) {
            Unfold.Geometry g = geometry();
            int ldc = g.cols() + 1;
            float[] cols = KernelArrays.gaussian(gen, 2 + g.rows() * ldc, 1);
            int image = g.channels() * g.h() * g.w();
            float[] x = KernelArrays.gaussian(gen, 4 + image, 1);
            double[] ref = KernelArrays.widen(x);
            Unfold.fold(g, cols, 2, ldc, x, 4);
            Unfold.fold(g, KernelArrays.widen(cols), 2, ldc, ref, 4);
            for (int i = 0; i < x.length; i++) {
                assertEquals(ref[i], x[i], 1e-5 * (1 + Math.abs(ref[i])), g + " at " + i);
            }
        }
    }
}

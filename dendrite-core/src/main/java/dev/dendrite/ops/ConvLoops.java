// The fused 2-d convolution's forward and backward, written once for both precisions (kernels.ConvKernels).
// Images split over threads in fixed ranges; each thread unfolds one image at a time into a small cache-resident
// buffer (C_in*kH*kW x outH*outW) and multiplies it per group straight into the (B, C_out, outH, outW) output,
// the bias as the GEMM's starting value. Backward recomputes each image's columns; weight and bias gradients
// are summed per thread range, then over the ranges in order, so results do not depend on thread timing.
package dev.dendrite.ops;

import dev.dendrite.kernels.ConvKernels;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

final class ConvLoops {
    private ConvLoops() {}

    /**
     * Sizes of one convolution: batch, groups, output channels per group, rows of one group's columns (K), output
     * positions per image (L), and elements per input image.
     */
    record Dims(int batch, int groups, int coutG, int k, int l, int imageSize) {
        int cout() {
            return groups * coutG;
        }
    }

    /** out (B, C_out, L) = conv(x, w) + bias (null for none); x, w and bias dense, out freshly allocated. */
    static void forward(Unfold.Geometry g, Dims d, Tensor x, Tensor w, Tensor bias, Tensor out) {
        int bOff = bias == null ? 0 : bias.offset();
        switch (x.storage()) {
            case Storage.F32 s -> forward(ConvKernels.FAST, g, d, s.data, x.offset(), f32(w), w.offset(), f32(bias), bOff,
                    f32(out));
            case Storage.F64 s -> forward(ConvKernels.REFERENCE, g, d, s.data, x.offset(), f64(w), w.offset(), f64(bias),
                    bOff, f64(out));
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
    }

    /** The gradients (see the generic backward) from dense x, w and dy; dx, dw, db freshly zeroed or null. */
    static void backward(Unfold.Geometry g, Dims d, Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        switch (x.storage()) {
            case Storage.F32 s -> backward(ConvKernels.FAST, g, d, s.data, x.offset(), f32(w), w.offset(), f32(dy),
                    dy.offset(), f32(dx), f32(dw), f32(db));
            case Storage.F64 s -> backward(ConvKernels.REFERENCE, g, d, s.data, x.offset(), f64(w), w.offset(), f64(dy),
                    dy.offset(), f64(dx), f64(dw), f64(db));
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
    }

    /** The float array behind a dense float32 tensor (read from its offset), or null for null. */
    static float[] f32(Tensor t) {
        return t == null ? null : ((Storage.F32) t.storage()).data;
    }

    private static double[] f64(Tensor t) {
        return t == null ? null : ((Storage.F64) t.storage()).data;
    }

    /** out (B, C_out, L) = conv(x, w) + bias (null for none), from dense arrays read at the given offsets. */
    private static <A> void forward(ConvKernels<A> kern, Unfold.Geometry g, Dims d, A x, int xOff, A w, int wOff, A bias,
                            int bOff, A out) {
        Parallel.range(d.batch, 1, (from, to) -> {
            A cols = kern.allocate(g.rows() * d.l);
            for (int b = from; b < to; b++) {
                kern.unfold(g, x, xOff + b * d.imageSize, cols);
                int outImage = b * d.cout() * d.l;
                if (bias != null) {
                    kern.fillRows(d.cout(), d.l, out, outImage, bias, bOff);
                }
                for (int gi = 0; gi < d.groups; gi++) {
                    kern.gemm(d.coutG, d.l, d.k, w, wOff + gi * d.coutG * d.k, d.k, 1, cols, gi * d.k * d.l, d.l, 1,
                            out, outImage + gi * d.coutG * d.l, d.l, bias != null);
                }
            }
        });
    }

    /**
     * Gradients from dy (B, C_out, L) at dy[dyOff..]: dx (B, C_in, H, W, zero-filled) += its part when dx is not
     * null, and dw (C_out, K) and db (C_out), both zero-filled, receive theirs when not null.
     */
    private static <A> void backward(ConvKernels<A> kern, Unfold.Geometry g, Dims d, A x, int xOff, A w, int wOff, A dy,
                             int dyOff, A dx, A dw, A db) {
        int parts = Math.min(Parallel.THREADS, d.batch);
        int dwSize = d.cout() * d.k;
        A dwParts = dw == null ? null : kern.allocate(parts * dwSize);
        A dbParts = db == null ? null : kern.allocate(parts * d.cout());
        Parallel.run(parts, p -> {
            int from = d.batch * p / parts;
            int to = d.batch * (p + 1) / parts;
            A cols = kern.allocate(g.rows() * d.l);
            for (int b = from; b < to; b++) {
                int dyImage = dyOff + b * d.cout() * d.l;
                if (dw != null) {
                    kern.unfold(g, x, xOff + b * d.imageSize, cols);
                    for (int gi = 0; gi < d.groups; gi++) {
                        // dW_g += dY_g (coutG x L) cols_g^T (L x K)
                        kern.gemm(d.coutG, d.k, d.l, dy, dyImage + gi * d.coutG * d.l, d.l, 1, cols, gi * d.k * d.l, 1,
                                d.l, dwParts, p * dwSize + gi * d.coutG * d.k, d.k, true);
                    }
                }
                if (db != null) {
                    kern.addRowSums(d.cout(), d.l, dy, dyImage, dbParts, p * d.cout());
                }
                if (dx != null) {
                    for (int gi = 0; gi < d.groups; gi++) {
                        // dcols_g = W_g^T (K x coutG) dY_g (coutG x L)
                        kern.gemm(d.k, d.l, d.coutG, w, wOff + gi * d.coutG * d.k, 1, d.k, dy,
                                dyImage + gi * d.coutG * d.l, d.l, 1, cols, gi * d.k * d.l, d.l, false);
                    }
                    kern.fold(g, cols, dx, b * d.imageSize);
                }
            }
        });
        for (int p = 0; p < parts; p++) {
            if (dw != null) {
                kern.addTo(dwSize, dwParts, p * dwSize, dw, 0);
            }
            if (db != null) {
                kern.addTo(d.cout(), dbParts, p * d.cout(), db, 0);
            }
        }
    }
}

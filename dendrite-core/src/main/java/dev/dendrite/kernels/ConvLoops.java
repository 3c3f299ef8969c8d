package dev.dendrite.kernels;

/**
 * The fused 2-d convolution's forward and backward over arrays, written once for both precisions (ConvKernels):
 * images split over threads in fixed ranges; each thread unfolds one image at a time into a small cache-resident
 * buffer (C_in*kH*kW x outH*outW) and multiplies it per group straight into the (B, C_out, outH, outW) output, the
 * bias as the GEMM's starting value. Backward recomputes each image's columns; weight and bias gradients are summed
 * per thread range, then over the ranges in order, so results do not depend on thread timing.
 */
public final class ConvLoops {
    private ConvLoops() {}

    /**
     * Sizes of one convolution: batch, groups, output channels per group, rows of one group's columns (K), output
     * positions per image (L), and elements per input image.
     */
    public record Dims(int batch, int groups, int coutG, int k, int l, int imageSize) {
        public int cout() {
            return groups * coutG;
        }
    }

    /** out (B, C_out, L) = conv(x, w) + bias (null for none), from dense arrays read at the given offsets. */
    public static <A> void forward(ConvKernels<A> kern, Unfold.Geometry g, Dims d, A x, int xOff, A w, int wOff, A bias,
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
    public static <A> void backward(ConvKernels<A> kern, Unfold.Geometry g, Dims d, A x, int xOff, A w, int wOff, A dy,
                                    int dyOff, A dx, A dw, A db) {
        int parts = Math.min(Parallel.threads(), d.batch);
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

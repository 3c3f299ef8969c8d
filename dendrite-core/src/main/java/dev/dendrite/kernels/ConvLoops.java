package dev.dendrite.kernels;

/**
 * The fused 2-d convolution's forward and backward over arrays, written once for both precisions (ConvKernels).
 * The batch is cut into a number of parts fixed by the shape (at most {@link #PARTS}, whatever the thread count),
 * the threads share the parts, and each part is taken a chunk of images at a time: the chunk's columns are unfolded
 * side by side into one cache-sized buffer (C_in*kH*kW x images*outH*outW) so that each group is one wide GEMM
 * instead of one thin GEMM per image (DCGAN's 7 x 7 outputs give 49 columns per image). Weight and bias gradients
 * are summed per part, then over the parts in order, so results do not depend on the thread count; large weights
 * get fewer parts (their partial sums cost memory and additions). Backward recomputes the columns rather than
 * keeping them.
 */
public final class ConvLoops {
    /** The most parts a batch is cut into. */
    private static final int PARTS = 8;
    /** The most floats one chunk's columns take: 1 MB, one Zen 4 core's L2. */
    private static final int COLUMN_BUDGET = 1 << 18;
    /** The most floats the weight gradient's partial sums take together (at least two parts): 4 MB. */
    private static final int PARTIAL_BUDGET = 1 << 20;
    /** The fewest elements of the weight gradient's parts a thread sums. */
    private static final int SUM_GRAIN = 1 << 14;
    /** The fewest rows of a transposed weight gradient a thread adds into dw. */
    private static final int TRANSPOSE_GRAIN = 64;

    private ConvLoops() {}

    /**
     * Sizes of one convolution: batch, groups, output channels per group, rows of one group's columns (K), output
     * positions per image (L), and elements per input image.
     */
    public record Dims(int batch, int groups, int coutG, int k, int l, int imageSize) {
        public int cout() {
            return groups * coutG;
        }

        /** Parts of the batch for the output and the input gradient. */
        int parts() {
            return Math.min(batch, PARTS);
        }

        /**
         * Whether the weight gradient's partial sums are kept transposed, (K, coutG) per group: the product then packs
         * dY^T (coutG columns) instead of the columns' transpose (K columns), so where coutG < K (AlexNet's conv1:
         * 64 against 363; conv2: 192 against 1,600) it packs less. 1 x 1 layers (64 -> 128) ran 10 % slower so.
         */
        boolean transposedWeightGradient() {
            return coutG < k;
        }

        /**
         * Parts of the batch for the weight gradient: as many partial sums as fit their budget, at least two, rounded
         * down to a power of two so that two or four threads share them evenly (AlexNet's conv2 fit three, and one of
         * two threads summed five images while the other waited after three).
         */
        int weightParts() {
            int fit = Math.min(parts(), Math.max(2, PARTIAL_BUDGET / Math.max(1, cout() * k)));
            return Integer.highestOneBit(fit);
        }
    }

    /** A unit of work on one part's images b0 .. b0 + images - 1 with a worker's buffers. */
    @FunctionalInterface
    private interface ChunkWork<A> {
        void run(int part, int b0, int images, A cols, A chunkBuffer);
    }

    /**
     * Runs work over every chunk of the batch cut in the given number of parts, the parts shared by the threads,
     * each worker with its buffers. A chunk holds as many images as fit the column budget and the largest part.
     */
    private static <A> void chunks(ConvKernels<A> kern, Unfold.Geometry g, Dims d, int parts, ChunkWork<A> work) {
        int largestPart = (d.batch + parts - 1) / parts;
        int chunk = Math.max(1, Math.min(largestPart, COLUMN_BUDGET / Math.max(1, g.rows() * d.l)));
        int workers = Math.min(Parallel.threads(), parts);
        Parallel.run(workers, worker -> {
            A cols = kern.working(ConvKernels.Workspace.COLUMNS, g.rows() * chunk * d.l);
            A buffer = chunk == 1 ? null : kern.working(ConvKernels.Workspace.CHUNK, d.cout() * chunk * d.l);
            for (int p = worker; p < parts; p += workers) {
                int end = (int) ((long) d.batch * (p + 1) / parts);
                for (int b0 = (int) ((long) d.batch * p / parts); b0 < end; b0 += chunk) {
                    work.run(p, b0, Math.min(chunk, end - b0), cols, buffer);
                }
            }
        });
    }

    /** out (B, C_out, L) = conv(x, w) + bias (null for none), from dense arrays read at the given offsets. */
    public static <A> void forward(ConvKernels<A> kern, Unfold.Geometry g, Dims d, A x, int xOff, A w, int wOff, A bias,
                                   int bOff, A out) {
        chunks(kern, g, d, d.parts(), (part, b0, images, cols, buffer) -> {
            int width = images * d.l;
            unfold(kern, g, d, x, xOff, b0, images, cols);
            A product = buffer == null ? out : buffer;
            int pOff = buffer == null ? b0 * d.cout() * d.l : 0;
            if (bias != null) {
                kern.fillRows(d.cout(), width, product, pOff, bias, bOff);
            }
            for (int gi = 0; gi < d.groups; gi++) {
                kern.gemm(d.coutG, width, d.k, w, wOff + gi * d.coutG * d.k, d.k, 1, cols, gi * d.k * width, width, 1,
                        product, pOff + gi * d.coutG * width, width, bias != null);
            }
            if (buffer != null) {
                // (C_out, images, L) -> the images' (C_out, L) planes of out
                for (int i = 0; i < images; i++) {
                    for (int o = 0; o < d.cout(); o++) {
                        System.arraycopy(buffer, o * width + i * d.l, out, ((b0 + i) * d.cout() + o) * d.l, d.l);
                    }
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
        if (dw != null || db != null) {
            int parts = d.weightParts();
            int dwSize = d.cout() * d.k;
            A dwParts = dw == null ? null : zeroed(kern, ConvKernels.Workspace.WEIGHT_PARTS, parts * dwSize);
            A dbParts = db == null ? null : zeroed(kern, ConvKernels.Workspace.BIAS_PARTS, parts * d.cout());
            chunks(kern, g, d, parts, (part, b0, images, cols, buffer) -> {
                int width = images * d.l;
                A dyChunk = gather(dy, dyOff, d, b0, images, buffer);
                int gOff = buffer == null ? dyOff + b0 * d.cout() * d.l : 0;
                if (dw != null) {
                    unfold(kern, g, d, x, xOff, b0, images, cols);
                    for (int gi = 0; gi < d.groups; gi++) {
                        int at = part * dwSize + gi * d.coutG * d.k;
                        if (d.transposedWeightGradient()) {
                            // dW_g^T += cols_g (K x width) dY_g^T (width x coutG)
                            kern.gemm(d.k, d.coutG, width, cols, gi * d.k * width, width, 1, dyChunk,
                                    gOff + gi * d.coutG * width, 1, width, dwParts, at, d.coutG, true);
                        } else {
                            // dW_g += dY_g (coutG x width) cols_g^T (width x K)
                            kern.gemm(d.coutG, d.k, width, dyChunk, gOff + gi * d.coutG * width, width, 1, cols,
                                    gi * d.k * width, 1, width, dwParts, at, d.k, true);
                        }
                    }
                }
                if (db != null) {
                    kern.addRowSums(d.cout(), width, dyChunk, gOff, dbParts, part * d.cout());
                }
            });
            if (dw != null) {
                sumWeightGradient(kern, d, parts, dwParts, dw);
            }
            if (db != null) {
                for (int p = 0; p < parts; p++) {
                    kern.addTo(d.cout(), dbParts, p * d.cout(), db, 0);
                }
            }
        }
        if (dx != null) {
            chunks(kern, g, d, d.parts(), (part, b0, images, cols, buffer) -> {
                int width = images * d.l;
                A dyChunk = gather(dy, dyOff, d, b0, images, buffer);
                int gOff = buffer == null ? dyOff + b0 * d.cout() * d.l : 0;
                for (int gi = 0; gi < d.groups; gi++) {
                    // cols_g = W_g^T (K x coutG) dY_g (coutG x width)
                    kern.gemm(d.k, width, d.coutG, w, wOff + gi * d.coutG * d.k, 1, d.k, dyChunk,
                            gOff + gi * d.coutG * width, width, 1, cols, gi * d.k * width, width, false);
                }
                for (int i = 0; i < images; i++) {
                    kern.fold(g, cols, i * d.l, width, dx, (b0 + i) * d.imageSize);
                }
            });
        }
    }

    /**
     * dw += the sum of the parts' weight gradients, added in part order into part 0 (each element's order fixed, so
     * the threads can share the elements), then into dw, transposed back where the parts were kept transposed.
     */
    private static <A> void sumWeightGradient(ConvKernels<A> kern, Dims d, int parts, A dwParts, A dw) {
        int dwSize = d.cout() * d.k;
        Parallel.range(dwSize, SUM_GRAIN, (from, to) -> {
            for (int p = 1; p < parts; p++) {
                kern.addTo(to - from, dwParts, p * dwSize + from, dwParts, from);
            }
        });
        if (!d.transposedWeightGradient()) {
            kern.addTo(dwSize, dwParts, 0, dw, 0);
            return;
        }
        // Each group's sum is (K, coutG); threads take ranges of its rows, which are columns of dw's (coutG, K).
        Parallel.range(d.k, TRANSPOSE_GRAIN, (from, to) -> {
            for (int gi = 0; gi < d.groups; gi++) {
                int at = gi * d.coutG * d.k;
                kern.addTransposed(to - from, d.coutG, dwParts, at + from * d.coutG, dw, at + from, d.k);
            }
        });
    }

    /** Working memory of n elements, the first n zero. */
    private static <A> A zeroed(ConvKernels<A> kern, ConvKernels.Workspace purpose, int n) {
        A a = kern.working(purpose, n);
        kern.fillRows(1, n, a, 0, kern.allocate(1), 0);
        return a;
    }

    /**
     * The (C_out, L) planes of dy for images b0 .. b0 + images - 1 side by side, (C_out, images, L), in buffer; dy
     * itself when the chunk is one image (buffer null).
     */
    private static <A> A gather(A dy, int dyOff, Dims d, int b0, int images, A buffer) {
        if (buffer == null) {
            return dy;
        }
        int width = images * d.l;
        for (int i = 0; i < images; i++) {
            for (int o = 0; o < d.cout(); o++) {
                System.arraycopy(dy, dyOff + ((b0 + i) * d.cout() + o) * d.l, buffer, o * width + i * d.l, d.l);
            }
        }
        return buffer;
    }

    /** Images b0 .. b0 + images - 1 of x -> their columns side by side in cols (rows images * L wide). */
    private static <A> void unfold(ConvKernels<A> kern, Unfold.Geometry g, Dims d, A x, int xOff, int b0, int images,
                                   A cols) {
        for (int i = 0; i < images; i++) {
            kern.unfold(g, x, xOff + (b0 + i) * d.imageSize, cols, i * d.l, images * d.l);
        }
    }
}

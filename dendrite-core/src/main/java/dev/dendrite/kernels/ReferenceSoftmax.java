package dev.dendrite.kernels;

/**
 * Reference softmax and log-softmax over the rows of a contiguous (rows, n) block, in double precision, with the
 * maximum subtracted first so large logits do not overflow.
 */
public final class ReferenceSoftmax {
    private ReferenceSoftmax() {}

    public static void apply(boolean log, double[] x, int off, int rows, int n, double[] out) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, x[base + i]);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += Math.exp(x[base + i] - max);
            double logSum = Math.log(sum);
            for (int i = 0; i < n; i++) {
                double shifted = x[base + i] - max;
                out[r * n + i] = log ? shifted - logSum : Math.exp(shifted) / sum;
            }
        }
    }
}

// Dendrite's half of the side-by-side GEMM table and its share of the FMA peak: after `dendrite bench gemm`'s
// warm-up, 15 windows of GEMM calls alternate with 15 windows of FmaPeak's chains; prints "M K N GEMM-GFLOP/s
// peak-GFLOP/s share-%", the medians of the windows and of the per-round ratios (the same statistic for both, and
// adjacent windows, since the clock here drifts 10-20 % within minutes), for each size or for the one size given
// as M K N. Not a test: run on demand.
package dev.dendrite.bench;

import dev.dendrite.models.bench.Throughput;
import dev.dendrite.models.bench.Timing;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

public final class GemmSideBySide {
    private static final int ROUNDS = 15;
    private static final double WINDOW_SECONDS = 0.2;

    private GemmSideBySide() {}

    public static void main(String[] args) throws Exception {
        int[][] sizes = args.length == 3
                ? new int[][] {{Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])}}
                : Throughput.GEMM_SIZES;
        long peakIterations = FmaPeak.iterationsFor(WINDOW_SECONDS);
        for (int[] s : sizes) {
            int m = s[0], k = s[1], n = s[2];
            Generator g = new Generator(0);
            Tensor a = Tensor.randn(g, m, k);
            Tensor b = Tensor.randn(g, k, n);
            Runnable call = () -> a.matmul(b);
            double each = Timing.medianSeconds(call, 3, 1.0);
            int calls = (int) Math.max(1, WINDOW_SECONDS / each);
            double flops = 2.0 * m * k * n;
            double[] gemm = new double[ROUNDS];
            double[] peak = new double[ROUNDS];
            double[] share = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) call.run();
                gemm[r] = flops * calls / ((System.nanoTime() - t0) / 1e9) / 1e9;
                peak[r] = FmaPeak.gflops(Parallel.threads(), peakIterations);
                share[r] = 100 * gemm[r] / peak[r];
            }
            System.out.printf("%d %d %d %.1f %.1f %.1f%n", m, k, n, median(gemm), median(peak), median(share));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

package dev.dendrite.models.bench;

import dev.dendrite.Dendrite;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * A float32 GEMM's GFLOP/s and its share of the machine's FMA peak, measured one way for `dendrite bench gemm` and
 * `gemm-side-by-side.sh` alike: after a warm-up, 15 windows of 0.2 s of GEMM calls alternate with 15 windows of
 * {@link FmaPeak}'s chains on every thread; the figures are the medians of the GEMM windows, of the peak windows
 * and of the per-round ratios (adjacent windows, since the clock of these VMs drifts 10-20 % within minutes).
 */
public final class GemmAgainstPeak {
    private static final int ROUNDS = 15;
    private static final double WINDOW_SECONDS = 0.2;

    private GemmAgainstPeak() {}

    /** The medians of one size: GEMM GFLOP/s, FMA peak GFLOP/s, and the GEMM's share of the peak in percent. */
    public record Result(int m, int k, int n, double gflops, double peakGflops, double peakPercent) {}

    public static Result measure(int m, int k, int n) throws InterruptedException {
        long peakIterations = FmaPeak.iterationsFor(WINDOW_SECONDS);
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
            peak[r] = FmaPeak.gflops(Dendrite.threads(), peakIterations);
            share[r] = 100 * gemm[r] / peak[r];
        }
        return new Result(m, k, n, median(gemm), median(peak), median(share));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

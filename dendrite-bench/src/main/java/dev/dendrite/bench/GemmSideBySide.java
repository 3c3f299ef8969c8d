// Dendrite's half of the side-by-side GEMM table: C = A B in float32 through Tensor.matmul, timed after
// warm-up; prints "M K N seconds_median GFLOP/s" per size. With arguments M K N it runs that one size, as
// scripts/gemm-side-by-side.sh does, alternating with PyTorch. Not a test: run on demand.
package dev.dendrite.bench;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

public final class GemmSideBySide {
    private GemmSideBySide() {}

    /** The GEMM sizes as (M, K, N). */
    static final int[][] SIZES = {{32, 32, 32}, {64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {512, 512, 512},
            {1024, 1024, 1024}, {2048, 2048, 2048}, {128, 784, 512}};

    public static void main(String[] args) {
        Generator g = new Generator(0);
        int[][] sizes = args.length == 3
                ? new int[][] {{Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])}}
                : SIZES;
        for (int[] s : sizes) {
            Tensor a = Tensor.randn(g, s[0], s[1]);
            Tensor b = Tensor.randn(g, s[1], s[2]);
            double flops = 2.0 * s[0] * s[1] * s[2];
            double median = medianSeconds(() -> a.matmul(b), flops);
            System.out.printf("%d %d %d %.9f %.1f%n", s[0], s[1], s[2], median, flops / median / 1e9);
        }
    }

    /** Median time of one call, after warm-up, over enough repetitions to fill about a second. */
    static double medianSeconds(Runnable call, double flops) {
        long warmEnd = System.nanoTime() + 700_000_000L;
        int calls = 0;
        while (System.nanoTime() < warmEnd || calls < 3) {
            call.run();
            calls++;
        }
        int reps = (int) Math.max(5, Math.min(2000, 1.0e9 / Math.max(1, flops / 150.0)));
        int batches = 15;
        int perBatch = Math.max(1, reps / batches);
        double[] times = new double[batches];
        for (int i = 0; i < batches; i++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < perBatch; r++) {
                call.run();
            }
            times[i] = (System.nanoTime() - t0) / 1e9 / perBatch;
        }
        Arrays.sort(times);
        return times[batches / 2];
    }
}

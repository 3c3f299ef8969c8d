// Dendrite's half of the side-by-side GEMM table: prints "M K N GEMM-GFLOP/s peak-GFLOP/s share-%" as measured by
// GemmAgainstPeak (the method `dendrite bench gemm` uses too), for each size or for the one size given as M K N.
// Not a test: run on demand.
package dev.dendrite.bench;

import dev.dendrite.models.bench.GemmAgainstPeak;
import dev.dendrite.models.bench.Throughput;

public final class GemmSideBySide {
    private GemmSideBySide() {}

    public static void main(String[] args) throws InterruptedException {
        int[][] sizes = args.length == 3
                ? new int[][] {{Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])}}
                : Throughput.GEMM_SIZES;
        for (int[] s : sizes) {
            GemmAgainstPeak.Result r = GemmAgainstPeak.measure(s[0], s[1], s[2]);
            System.out.printf("%d %d %d %.1f %.1f %.1f%n", r.m(), r.k(), r.n(), r.gflops(), r.peakGflops(),
                    r.peakPercent());
        }
    }
}

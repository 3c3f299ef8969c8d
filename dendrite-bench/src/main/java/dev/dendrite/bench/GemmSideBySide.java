// Dendrite's half of the side-by-side GEMM table: prints "M K N GFLOP/s" for each size (or for the one size
// given as arguments M K N, as scripts/gemm-side-by-side.sh runs it, alternating with PyTorch).
// Uses the same timing rule as `dendrite bench gemm`. Not a test: run on demand.
package dev.dendrite.bench;

import dev.dendrite.cli.BenchCommand;

public final class GemmSideBySide {
    private GemmSideBySide() {}

    public static void main(String[] args) {
        int[][] sizes = args.length == 3
                ? new int[][] {{Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])}}
                : BenchCommand.GEMM_SIZES;
        for (int[] s : sizes) {
            System.out.printf("%d %d %d %.1f%n", s[0], s[1], s[2], BenchCommand.gemmGflops(s[0], s[1], s[2], 1.0));
        }
    }
}

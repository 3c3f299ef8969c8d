// Median wall-clock time of a call after warm-up: the one timing rule every benchmark here uses. The JIT needs
// a few seconds to compile a whole training step (the first seconds run 2-3x slower), hence the warm-up argument.
package dev.dendrite.cli;

import java.util.Arrays;

public final class Timing {
    private Timing() {}

    /** Median seconds per call over 15 batches filling about {@code seconds}, after {@code warmup} seconds of calls. */
    public static double medianSeconds(Runnable call, double warmup, double seconds) {
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        int calls = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < warmEnd || calls < 3) {
            call.run();
            calls++;
        }
        double each = (System.nanoTime() - t0) / 1e9 / calls;
        int batches = 15;
        int perBatch = (int) Math.max(1, Math.min(100_000, seconds / batches / Math.max(each, 1e-9)));
        double[] times = new double[batches];
        for (int i = 0; i < batches; i++) {
            long s = System.nanoTime();
            for (int r = 0; r < perBatch; r++) {
                call.run();
            }
            times[i] = (System.nanoTime() - s) / 1e9 / perBatch;
        }
        Arrays.sort(times);
        return times[batches / 2];
    }
}

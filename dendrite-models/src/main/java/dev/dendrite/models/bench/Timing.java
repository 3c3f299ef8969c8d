package dev.dendrite.models.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Median wall-clock time of a call after warm-up: the one timing rule every benchmark here uses. The JIT needs a
 * few seconds to compile a whole training step (the first seconds run 2-3x slower), hence the warm-up argument,
 * extended while the calls keep getting faster or the JIT is still compiling.
 */
public final class Timing {
    private Timing() {}

    /** One-second windows of extra warm-up at most, while the calls are still getting faster or being compiled. */
    private static final int MAX_EXTRA_WINDOWS = 10;
    /**
     * A warm-up window in which the JIT compiled for more than this share of it is not steady: LeNet's training
     * step still had C2 compiling 700 methods 8-12 s into a run, a quarter of one of the two cores, while its calls
     * were getting faster by less than 3 % a window.
     */
    private static final double STEADY_COMPILE_SHARE = 0.02;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /**
     * Median seconds per call over 15 batches filling about {@code seconds}, after {@code warmup} seconds of calls
     * and then one-second windows for as long as a window is at least 3 % faster than the one before or the JIT
     * compiled for more than 2 % of it (on two cores a build with more to compile needed longer than the fixed
     * warm-up, and comparing two builds then measured their compile times).
     */
    public static double medianSeconds(Runnable call, double warmup, double seconds) {
        double each = secondsPerCall(call, warmup);
        for (int w = 0; w < MAX_EXTRA_WINDOWS; w++) {
            long compiling = compileMillis();
            double window = secondsPerCall(call, 1.0);
            boolean quiet = compileMillis() - compiling <= STEADY_COMPILE_SHARE * 1000;
            boolean settled = quiet && window > 0.97 * each;
            each = window;
            if (settled) {
                break;
            }
        }
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

    /** Milliseconds the JIT has spent compiling so far (summed over its threads), or 0 where not monitored. */
    private static long compileMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    /** Mean seconds per call over calls filling about {@code seconds} (at least three calls). */
    private static double secondsPerCall(Runnable call, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int calls = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end || calls < 3) {
            call.run();
            calls++;
        }
        return (System.nanoTime() - t0) / 1e9 / calls;
    }
}

package dev.dendrite.models.bench;

import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 peak as the Vector API reaches it: every thread runs 16 independent FMA chains on
 * registers (enough to cover the FMA latency on every pipe) at the same time. {@link GemmAgainstPeak} runs the
 * chains in windows alternating with a GEMM's, so that its share of the peak compares the same seconds.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 16;

    private FmaPeak() {}

    /** Iterations of the chains that take about {@code seconds} on one core (after a warm-up). */
    public static long iterationsFor(double seconds) {
        long probe = 2_000_000L;
        for (int warmup = 0; warmup < 3; warmup++) {
            chains(probe);
        }
        long t0 = System.nanoTime();
        chains(probe);
        return Math.max(1, (long) (probe * seconds / ((System.nanoTime() - t0) / 1e9)));
    }

    /** All threads start together, each runs the chains; flops over the slowest thread's wall time. */
    public static double gflops(int threads, long iterations) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        float[] sink = new float[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                sink[id] = chains(iterations);
            });
            workers[t].start();
        }
        try {
            start.await();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        for (Thread w : workers) w.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        float keep = 0;
        for (float s : sink) keep += s;
        if (Float.isNaN(keep)) {
            throw new IllegalStateException("the chains diverged");
        }
        return (double) threads * iterations * CHAINS * S.length() * 2 / seconds / 1e9;
    }

    /** CHAINS independent x = x * m + d recurrences (they converge, so no overflow or subnormals). */
    private static float chains(long iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.999f);
        FloatVector d = FloatVector.broadcast(S, 0.001f);
        FloatVector x0 = FloatVector.broadcast(S, 0f), x1 = FloatVector.broadcast(S, 1f);
        FloatVector x2 = FloatVector.broadcast(S, 2f), x3 = FloatVector.broadcast(S, 3f);
        FloatVector x4 = FloatVector.broadcast(S, 4f), x5 = FloatVector.broadcast(S, 5f);
        FloatVector x6 = FloatVector.broadcast(S, 6f), x7 = FloatVector.broadcast(S, 7f);
        FloatVector x8 = FloatVector.broadcast(S, 8f), x9 = FloatVector.broadcast(S, 9f);
        FloatVector x10 = FloatVector.broadcast(S, 10f), x11 = FloatVector.broadcast(S, 11f);
        FloatVector x12 = FloatVector.broadcast(S, 12f), x13 = FloatVector.broadcast(S, 13f);
        FloatVector x14 = FloatVector.broadcast(S, 14f), x15 = FloatVector.broadcast(S, 15f);
        for (long i = 0; i < iterations; i++) {
            x0 = x0.fma(m, d);
            x1 = x1.fma(m, d);
            x2 = x2.fma(m, d);
            x3 = x3.fma(m, d);
            x4 = x4.fma(m, d);
            x5 = x5.fma(m, d);
            x6 = x6.fma(m, d);
            x7 = x7.fma(m, d);
            x8 = x8.fma(m, d);
            x9 = x9.fma(m, d);
            x10 = x10.fma(m, d);
            x11 = x11.fma(m, d);
            x12 = x12.fma(m, d);
            x13 = x13.fma(m, d);
            x14 = x14.fma(m, d);
            x15 = x15.fma(m, d);
        }
        FloatVector sum = x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7)
                .add(x8).add(x9).add(x10).add(x11).add(x12).add(x13).add(x14).add(x15);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}

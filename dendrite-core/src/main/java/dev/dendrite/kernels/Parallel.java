// A fixed pool of worker threads sized to the machine's cores. Work is split into contiguous ranges whose
// boundaries depend only on the problem size, never on thread timing, so results are bit-identical run to run.
package dev.dendrite.kernels;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

public final class Parallel {
    /** Number of threads work is split across (the caller plus the pool's workers). */
    public static final int THREADS = Math.max(1, Integer.getInteger("dendrite.threads",
            Runtime.getRuntime().availableProcessors()));

    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);
    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(() -> {
            IN_WORKER.set(true);
            r.run();
        }, "dendrite-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** A body that handles indices [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) split into at most {@link #THREADS} ranges of at least {@code grain}
     * indices each; below {@code 2 * grain} it runs on the calling thread.
     */
    public static void range(int n, int grain, Range body) {
        int parts = (int) Math.min(THREADS, n / (long) Math.max(grain, 1));
        if (parts <= 1 || IN_WORKER.get()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        int[] bounds = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            bounds[p] = (int) ((long) n * p / parts);
        }
        run(parts, p -> body.run(bounds[p], bounds[p + 1]));
    }

    /** A body that handles one task by index. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    /** Runs tasks 0..count-1, task 0 on the calling thread, the rest on the pool; waits for all. */
    public static void run(int count, Task task) {
        if (count <= 1 || POOL == null || IN_WORKER.get()) {
            for (int p = 0; p < count; p++) {
                task.run(p);
            }
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[count - 1];
        for (int p = 1; p < count; p++) {
            int index = p;
            futures[p - 1] = POOL.submit(() -> task.run(index));
        }
        task.run(0);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a kernel task", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}

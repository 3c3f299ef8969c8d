package dev.dendrite;

import dev.dendrite.kernels.Parallel;

/**
 * Process-wide settings: the kernels' thread count and the shutdown of their worker threads.
 *
 * <p>The kernels split large operations over a pool of daemon threads, as many as the machine has cores unless
 * {@code -Ddendrite.threads=N} or {@link #threads(int)} says otherwise. Results depend on the thread count (sums
 * are split by it) but never on thread timing. The workers end when the JVM does; {@link #shutdown()} stops them
 * at once (a container or an application server can call it), and later work starts them again.
 */
public final class Dendrite {
    private Dendrite() {}

    /** The number of threads large operations are split across. */
    public static int threads() {
        return Parallel.threads();
    }

    /** Splits later operations across {@code n} threads (1: everything on the calling thread). */
    public static void threads(int n) {
        Parallel.setThreads(n);
    }

    /** Stops the worker threads and waits for them to end; the next large operation starts them again. */
    public static void shutdown() {
        Parallel.shutdown();
    }
}

package dev.dendrite.kernels;

import dev.dendrite.memory.ZeroedArrays;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool of daemon worker threads sized to the machine's cores (or -Ddendrite.threads, or setThreads). Work is
 * split into contiguous ranges whose boundaries depend only on the problem size and the thread count, never on
 * thread timing, so results are bit-identical run to run. Workers spin briefly before parking (as OpenMP runtimes
 * do), so back-to-back kernels do not pay a wake-up; while idle they first prepare the zeroed arrays the next step
 * will ask for ({@link ZeroedArrays}). An interrupted idle worker ends, and the pool starts a new one when next
 * needed, so shutdown() (or a container interrupting threads) leaves no thread running.
 */
public final class Parallel {
    private static final long SPIN_NANOS = 200_000;

    /** One parallel region at a time; a second caller meanwhile runs its work on its own thread. */
    private static final ReentrantLock REGION = new ReentrantLock();
    private static volatile int threads = Math.max(1, Integer.getInteger("dendrite.threads",
            Runtime.getRuntime().availableProcessors()));
    /** The workers (threads - 1 of them, the caller being the first thread), started when first needed. */
    private static Worker[] workers = new Worker[0];

    private Parallel() {}

    /** Number of threads work is split across (the caller plus the pool's workers). */
    public static int threads() {
        return threads;
    }

    /** Splits later work across {@code n} threads (n >= 1); the pool is rebuilt when next needed. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        REGION.lock();
        try {
            stopWorkers();
            threads = n;
        } finally {
            REGION.unlock();
        }
    }

    /** Stops the worker threads and waits for them to end; the pool starts again if more work comes. */
    public static void shutdown() {
        REGION.lock();
        try {
            stopWorkers();
        } finally {
            REGION.unlock();
        }
    }

    /** With the region lock held. */
    private static void stopWorkers() {
        for (Worker w : workers) {
            w.interrupt();
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        workers = new Worker[0];
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** With the region lock held: threads - 1 live workers, replacing any that ended. */
    private static Worker[] liveWorkers() {
        if (workers.length != threads - 1) {
            workers = new Worker[threads - 1];
        }
        for (int w = 0; w < workers.length; w++) {
            if (workers[w] == null || !workers[w].isAlive()) {
                workers[w] = new Worker(w + 1);
                workers[w].start();
            }
        }
        return workers;
    }

    /** A body that handles indices [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** A body that handles one task by index. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    /**
     * Runs {@code body} over [0, n) split into at most {@link #threads()} ranges of at least {@code grain}
     * indices each; below {@code 2 * grain} it runs on the calling thread.
     */
    public static void range(int n, int grain, Range body) {
        int parts = (int) Math.min(threads, n / (long) Math.max(grain, 1));
        if (parts <= 1) {
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

    /**
     * Runs tasks 0..count-1 (task i on thread i mod THREADS, task 0 on the caller) and waits for all. Called from
     * inside a task (a kernel that parallelises calling one that does too), it runs the tasks on the current thread.
     */
    public static void run(int count, Task task) {
        if (count <= 1 || threads == 1 || Thread.currentThread() instanceof Worker
                || REGION.isHeldByCurrentThread() || !REGION.tryLock()) {
            for (int p = 0; p < count; p++) {
                task.run(p);
            }
            return;
        }
        try {
            Worker[] pool = liveWorkers();
            int helpers = Math.min(pool.length, count - 1);
            Region region = new Region(task, count, helpers);
            for (int w = 0; w < helpers; w++) {
                pool[w].assign(region);
            }
            region.work(0);
            region.await();
        } finally {
            REGION.unlock();
        }
    }

    /** One call of {@link #run}: the tasks, who runs which, and completion. */
    private static final class Region {
        final Task task;
        final int count;
        final int stride;
        final AtomicInteger pending;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = Thread.currentThread();

        Region(Task task, int count, int helpers) {
            this.task = task;
            this.count = count;
            this.stride = helpers + 1;
            this.pending = new AtomicInteger(helpers);
        }

        void work(int first) {
            try {
                for (int p = first; p < count; p += stride) {
                    task.run(p);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }

        void finished() {
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        void await() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (pending.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static final class Worker extends Thread {
        private final int index;
        private volatile Region region;

        Worker(int index) {
            super("dendrite-worker-" + index);
            this.index = index;
            setDaemon(true);
        }

        void assign(Region r) {
            region = r;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            Region r;
            while ((r = waitForRegion()) != null) {
                region = null;
                r.work(index);
                r.finished();
            }
        }

        /**
         * The next region to work on, or null once interrupted while idle (the worker then ends). Meanwhile it
         * prepares zeroed arrays, one at a time so that a region assigned meanwhile waits for one array at most.
         */
        private Region waitForRegion() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Region r;
            while ((r = region) == null) {
                if (Thread.interrupted()) {
                    return null;
                }
                if (ZeroedArrays.prepareOne()) {
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                } else if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
            }
            return r;
        }
    }
}

// Iterates a dataset in mini-batches: seeded shuffling (a new permutation each epoch, derived from the seed and
// the epoch number, so a resumed run sees the same order), optional drop of the last short batch, and a
// background thread that prepares the next batches while the training step runs.
package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

public final class DataLoader {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int prefetch;

    /**
     * @param prefetch batches prepared ahead on a background thread; 0 prepares them on the caller's thread
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed, int prefetch) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batchSize must be > 0, got " + batchSize);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + prefetch);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.prefetch = prefetch;
    }

    /** Shuffled batches of {@code batchSize}, dropping the last short batch, two batches prefetched. */
    public DataLoader(Dataset dataset, int batchSize, long seed) {
        this(dataset, batchSize, true, false, seed, 2);
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Number of batches per epoch. */
    public int batches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The sample order of epoch {@code epoch} (0-based): a seeded Fisher-Yates permutation, or 0..N-1. */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Generator g = new Generator(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = g.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Batch make(int[] order, int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        return dataset.batch(java.util.Arrays.copyOfRange(order, from, to));
    }

    /** The batches of one epoch. Close the iterator when leaving the loop early (it stops the prefetch thread). */
    public Epoch epoch(int epoch) {
        return new Epoch(order(epoch));
    }

    /** One pass over the data; iterate it once. */
    public final class Epoch implements Iterable<Batch>, AutoCloseable {
        private final int[] order;
        private final int count = batches();
        private volatile boolean closed;

        private Epoch(int[] order) {
            this.order = order;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Iterator<Batch> iterator() {
            if (prefetch == 0) {
                return new Iterator<>() {
                    private int next;

                    public boolean hasNext() {
                        return next < count;
                    }

                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return make(order, next++);
                    }
                };
            }
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
            Thread producer = Thread.ofPlatform().daemon().name("dendrite-data").start(() -> {
                try {
                    for (int b = 0; b < count && !closed; b++) {
                        Object item;
                        try {
                            item = make(order, b);
                        } catch (RuntimeException e) {
                            item = e;
                        }
                        while (!closed && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                            Thread.onSpinWait();
                        }
                        if (item instanceof RuntimeException) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return new Iterator<>() {
                private int next;

                public boolean hasNext() {
                    return next < count && !closed;
                }

                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    try {
                        Object item = queue.take();
                        next++;
                        if (item instanceof RuntimeException e) {
                            throw e;
                        }
                        return (Batch) item;
                    } catch (InterruptedException e) {
                        producer.interrupt();
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for a batch", e);
                    }
                }
            };
        }
    }
}

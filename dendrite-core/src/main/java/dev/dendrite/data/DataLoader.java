package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Iterates a dataset in mini-batches: seeded shuffling (a new permutation each epoch, derived from the seed and the
 * epoch number, so a resumed run sees the same order), optional drop of the last short batch, and a background
 * thread that prepares the next batches while the training step runs.
 */
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

    /** Shuffled batches of {@code batchSize}, the last one shorter when the data does not divide evenly, two prefetched. */
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
        if (shuffle) {
            return Splits.permutation(n, new Generator(seed * 0x9E3779B97F4A7C15L + epoch));
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private Batch make(int[] order, int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        return dataset.batch(java.util.Arrays.copyOfRange(order, from, to));
    }

    /**
     * The batches of one epoch. Close it when leaving the loop early (try-with-resources): that stops the prefetch
     * thread at once; an iterator abandoned without closing stops it when the iterator is garbage-collected.
     */
    public Epoch epoch(int epoch) {
        return new Epoch(order(epoch));
    }

    /** Ends the prefetch thread of iterators that became unreachable without being closed. */
    private static final Cleaner ABANDONED = Cleaner.create(
            Thread.ofPlatform().daemon().name("dendrite-data-cleaner").factory());

    /** One pass over the data; iterate it once. */
    public final class Epoch implements Iterable<Batch>, AutoCloseable {
        private final int[] order;
        private final int count = batches();
        private volatile boolean closed;
        private volatile Thread producer;

        private Epoch(int[] order) {
            this.order = order;
        }

        @Override
        public void close() {
            closed = true;
            Thread p = producer;
            if (p != null) {
                p.interrupt();
            }
        }

        @Override
        public Iterator<Batch> iterator() {
            if (prefetch == 0) {
                return new Iterator<>() {
                    private int next;

                    public boolean hasNext() {
                        return next < count && !closed;
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
            // NOTE: the producer references the queue, never the iterator, so an abandoned iterator can be collected.
            Thread thread = Thread.ofPlatform().daemon().name("dendrite-data").start(() -> {
                try {
                    for (int b = 0; b < count && !closed; b++) {
                        Object item;
                        try {
                            item = make(order, b);
                        } catch (RuntimeException e) {
                            item = e;
                        }
                        queue.put(item); // blocks without spinning while the consumer is behind
                        if (item instanceof RuntimeException) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    // closed, or the iterator was abandoned: end
                }
            });
            producer = thread;
            Iterator<Batch> iterator = new Iterator<>() {
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
                        thread.interrupt();
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for a batch", e);
                    }
                }
            };
            ABANDONED.register(iterator, thread::interrupt);
            return iterator;
        }
    }
}

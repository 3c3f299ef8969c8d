package dev.dendrite.models;

import dev.dendrite.data.WordCorpus;
import dev.dendrite.io.TrainingState;
import dev.dendrite.ops.Word2VecUpdate;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains {@link Word2Vec} on a corpus as the original tool does: each step takes the next run of sentences (about
 * {@link #STEP_WORDS} words), splits it by words among the workers, and each worker updates the shared tables
 * without locks (Hogwild). The learning rate falls linearly from {@code lr} to {@code minLr} over the run
 * (Optimization.progress()); a step's random draws come from the seed, the epoch and the step, so a resumed run
 * draws what the uninterrupted one would. Metrics: the loss per prediction (negative log-likelihood of the true
 * and sampled targets), per corpus word read.
 */
final class Word2VecTask implements Task {
    static final int STEP_WORDS = 100_000;

    private final Word2Vec model;
    private final WordCorpus corpus;
    private final Word2VecUpdate update;
    private final int workers;
    private final double lr;
    private final double minLr;
    private final long seed;
    /** Sentence boundaries of the steps: step b trains sentences steps[b] .. steps[b + 1]. */
    private final int[] steps;

    Word2VecTask(Word2Vec model, WordCorpus corpus, Word2VecUpdate update, int workers, double lr, double minLr,
                 long seed) {
        this.model = model;
        this.corpus = corpus;
        this.update = update;
        this.workers = workers;
        this.lr = lr;
        this.minLr = minLr;
        this.seed = seed;
        this.steps = cut(corpus.starts(), 0, corpus.sentences(), Math.max(1, (int) Math.round(
                corpus.words().length / (double) STEP_WORDS)));
    }

    /** Sentence indices cutting sentences [from, to) into {@code parts} runs of about equal words. */
    private static int[] cut(int[] starts, int from, int to, int parts) {
        List<Integer> bounds = new ArrayList<>(List.of(from));
        long words = starts[to] - starts[from];
        for (int s = from, p = 1; s < to && p < parts; s++) {
            if (starts[s + 1] - starts[from] >= words * p / parts) {
                bounds.add(s + 1);
                p++;
            }
        }
        if (bounds.getLast() != to) {
            bounds.add(to);
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public TrainingState state() {
        return new TrainingState(Map.of("model", model), Map.of(), Map.of());
    }

    @Override
    public int batchesPerEpoch() {
        return steps.length - 1;
    }

    @Override
    public String items() {
        return "words";
    }

    @Override
    public Epoch epoch(int epoch) {
        return (batch, optimization) -> {
            float alpha = (float) (lr - (lr - minLr) * optimization.progress());
            int[] parts = cut(corpus.starts(), steps[batch], steps[batch + 1], workers);
            long stepSeed = seed * 1_000_003L + (long) epoch * 65_537L + batch;
            List<Future<Word2VecUpdate.Pass>> passes = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int p = 0; p + 1 < parts.length; p++) {
                    int part = p;
                    passes.add(threads.submit(() -> update.train(corpus.words(), corpus.starts(), parts[part],
                            parts[part + 1], stepSeed * 31 + part, alpha, alpha)));
                }
            }
            double loss = 0;
            long predictions = 0;
            long words = 0;
            for (Future<Word2VecUpdate.Pass> future : passes) {
                Word2VecUpdate.Pass pass = finished(future);
                loss += pass.loss();
                predictions += pass.predictions();
                words += pass.words();
            }
            return new Metrics(words, Map.of("loss", loss / Math.max(predictions, 1), "lr", (double) alpha));
        };
    }

    /** The pass a worker returned; its exception, rethrown as it was, when it failed. */
    private static Word2VecUpdate.Pass finished(Future<Word2VecUpdate.Pass> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("word2vec: interrupted while waiting for a worker", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Map<String, Double> evaluate() {
        return Map.of();
    }
}

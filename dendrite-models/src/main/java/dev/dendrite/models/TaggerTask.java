package dev.dendrite.models;

import dev.dendrite.data.Sequences;
import dev.dendrite.data.TaggedCorpus;
import dev.dendrite.data.UniversalTags;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sequence tagger as a training task: batches of sentences of similar length ({@link Sequences#byLength}: the
 * batch order shuffled with a generator seeded by the run's seed and the epoch, so a resumed run sees the orders of
 * an uninterrupted one), cross-entropy over the real positions. The evaluation reports the held-out token loss and
 * accuracy.
 */
public final class TaggerTask implements Task {
    private final SequenceTagger model;
    private final TaggerFeatures features;
    private final Optimizer optimizer;
    private final Generator generator;
    private final List<TaggedCorpus.Sentence> train;
    private final List<TaggerFeatures.Batch> testBatches;
    private final int batchSize;
    private final long seed;

    public TaggerTask(SequenceTagger model, TaggerFeatures features, Optimizer optimizer, Generator generator,
                      List<TaggedCorpus.Sentence> train, List<TaggedCorpus.Sentence> test, int batchSize, long seed) {
        this.model = model;
        this.features = features;
        this.optimizer = optimizer;
        this.generator = generator;
        this.train = List.copyOf(train);
        this.batchSize = batchSize;
        this.seed = seed;
        // Encoded once: the held-out batches are the same at every evaluation.
        this.testBatches = Sequences.byLength(lengths(test), batchSize, 0, 0).stream()
                .map(rows -> encode(pick(test, rows))).toList();
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(model, optimizer, generator);
    }

    @Override
    public int batchesPerEpoch() {
        return (train.size() + batchSize - 1) / batchSize;
    }

    @Override
    public String items() {
        return "tokens";
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        List<int[]> order = Sequences.byLength(lengths(train), batchSize, seed, epoch);
        return (i, optimization) -> {
            TaggerFeatures.Batch batch = encode(pick(train, order.get(i)));
            Tensor loss = F.maskedCrossEntropy(model.forward(batch), batch.tags(), batch.lengths());
            optimization.minimize("optimizer", loss);
            return Metrics.loss(java.util.Arrays.stream(batch.lengths()).sum(), loss.item());
        };
    }

    /** Held-out token loss and accuracy (the share of real positions whose highest-scoring tag is right). */
    @Override
    public Map<String, Double> evaluate() {
        long right = 0;
        long total = 0;
        double lossSum = 0;
        try (var _ = model.evaluating()) {
            for (TaggerFeatures.Batch batch : testBatches) {
                Tensor logits = model.forward(batch);
                int tokens = java.util.Arrays.stream(batch.lengths()).sum();
                lossSum += F.maskedCrossEntropy(logits, batch.tags(), batch.lengths()).item() * tokens;
                long[] predicted = logits.argmax(2, false).toLongArray();
                long[] truth = batch.tags().toLongArray();
                for (int i = 0; i < truth.length; i++) {
                    if (truth[i] >= 0) {
                        total++;
                        right += predicted[i] == truth[i] ? 1 : 0;
                    }
                }
            }
        }
        return Map.of("test_loss", lossSum / total, "test_accuracy", (double) right / total);
    }

    private TaggerFeatures.Batch encode(List<TaggedCorpus.Sentence> batch) {
        List<int[]> tags = batch.stream().map(s -> s.tags().stream().mapToInt(UniversalTags.TAGS::indexOf).toArray())
                .toList();
        return features.encode(batch.stream().map(TaggedCorpus.Sentence::words).toList(), tags);
    }

    private static int[] lengths(List<TaggedCorpus.Sentence> sentences) {
        return sentences.stream().mapToInt(x -> x.words().size()).toArray();
    }

    private static List<TaggedCorpus.Sentence> pick(List<TaggedCorpus.Sentence> sentences, int[] rows) {
        List<TaggedCorpus.Sentence> out = new ArrayList<>();
        for (int r : rows) {
            out.add(sentences.get(r));
        }
        return out;
    }
}

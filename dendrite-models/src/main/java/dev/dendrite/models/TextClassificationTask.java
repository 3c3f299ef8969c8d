package dev.dendrite.models;

import dev.dendrite.data.LabelledText;
import dev.dendrite.data.Sequences;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Accuracy;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text classifier as a training task: texts tokenised and encoded once, batches of similar lengths (shuffled per
 * seed and epoch), cross-entropy over the classes; the evaluation reports held-out loss and accuracy.
 */
public final class TextClassificationTask implements Task {
    /** A text model: token ids (B, T) with their lengths to logits (B, C). */
    @FunctionalInterface
    public interface Classifier {
        Tensor logits(Tensor ids, int[] lengths);
    }

    private final dev.dendrite.nn.Module model;
    private final Classifier classifier;
    private final Optimizer optimizer;
    private final Generator generator;
    private final List<int[]> trainIds;
    private final int[] trainLabels;
    private final List<int[]> testIds;
    private final int[] testLabels;
    private final int batchSize;
    private final long seed;

    public TextClassificationTask(dev.dendrite.nn.Module model, Classifier classifier, Optimizer optimizer,
                                  Generator generator, Encoded train, Encoded test, int batchSize, long seed) {
        this.model = model;
        this.classifier = classifier;
        this.optimizer = optimizer;
        this.generator = generator;
        this.trainIds = train.ids();
        this.trainLabels = train.labels();
        this.testIds = test.ids();
        this.testLabels = test.labels();
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Texts as ids with their labels. */
    public record Encoded(List<int[]> ids, int[] labels) {
        /** Each text's tokens given ids by {@code encoder}. */
        public static Encoded of(LabelledText texts, java.util.function.Function<List<String>, int[]> encoder) {
            List<int[]> ids = new ArrayList<>();
            for (String text : texts.texts()) {
                ids.add(encoder.apply(dev.dendrite.data.Tokenizer.DEFAULT.tokenize(text)));
            }
            return new Encoded(ids, texts.labels());
        }
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(model, optimizer, generator);
    }

    @Override
    public int batchesPerEpoch() {
        return (trainIds.size() + batchSize - 1) / batchSize;
    }

    @Override
    public String items() {
        return "texts";
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        int[] lengths = trainIds.stream().mapToInt(a -> a.length).toArray();
        List<int[]> batches = Sequences.byLength(lengths, batchSize, seed, epoch);
        return (b, optimization) -> {
            int[] rows = batches.get(b);
            Sequences.Padded padded = pad(trainIds, rows);
            Tensor target = labels(trainLabels, rows);
            Tensor logits = classifier.logits(padded.ids(), padded.lengths());
            Tensor loss = F.crossEntropy(logits, target);
            optimization.minimize("optimizer", loss);
            return new Metrics(rows.length, Map.of("loss", loss.item(),
                    "accuracy", (double) Accuracy.correct(logits, target) / rows.length));
        };
    }

    @Override
    public Map<String, Double> evaluate() {
        double lossSum = 0;
        long correct = 0;
        int[] lengths = testIds.stream().mapToInt(a -> a.length).toArray();
        try (var _ = model.evaluating()) {
            for (int[] rows : Sequences.byLength(lengths, 256, 0, 0)) {
                Sequences.Padded padded = pad(testIds, rows);
                Tensor target = labels(testLabels, rows);
                Tensor logits = classifier.logits(padded.ids(), padded.lengths());
                lossSum += F.crossEntropy(logits, target).item() * rows.length;
                correct += Accuracy.correct(logits, target);
            }
        }
        return Map.of("test_loss", lossSum / testIds.size(), "test_accuracy", (double) correct / testIds.size());
    }

    private static Sequences.Padded pad(List<int[]> ids, int[] rows) {
        List<int[]> chosen = new ArrayList<>();
        for (int r : rows) {
            chosen.add(ids.get(r));
        }
        return Sequences.pad(chosen, 0, 0);
    }

    private static Tensor labels(int[] labels, int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return Tensor.fromArray(out);
    }
}

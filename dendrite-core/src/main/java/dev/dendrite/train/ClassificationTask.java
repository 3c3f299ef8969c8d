package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Layer;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier as a training task: mini-batches from a DataLoader through the model and cross-entropy; the
 * evaluation reports loss, accuracy and, where k is smaller than the number of classes, top-k accuracy on the
 * held-out data under the name it is given ("test" or "val").
 */
public final class ClassificationTask implements Task {
    private static final int EVALUATION_BATCH = 512;

    /** The held-out data and what to call it, the number of classes, and the k of top-k accuracy. */
    public record Evaluation(Dataset data, String name, int classes, int topK) {
        public Evaluation {
            if (classes < 1 || topK < 1) {
                throw new IllegalArgumentException("ClassificationTask: classes and topK must be >= 1, got " + classes
                        + " and " + topK);
            }
        }
    }

    private final Layer model;
    private final Optimizer optimizer;
    private final Generator generator;
    private final DataLoader train;
    private final Evaluation held;

    /** {@code generator} is the model's random stream (dropout), checkpointed with it; it may be null. */
    public ClassificationTask(Layer model, Optimizer optimizer, Generator generator, DataLoader train, Evaluation held) {
        this.model = model;
        this.optimizer = optimizer;
        this.generator = generator;
        this.train = train;
        this.held = held;
    }

    public Layer model() {
        return model;
    }

    public Evaluation held() {
        return held;
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(model, optimizer, generator);
    }

    @Override
    public int batchesPerEpoch() {
        return train.batches();
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        DataLoader.Epoch pass = train.epoch(epoch);
        Iterator<Batch> batches = pass.iterator();
        return new Epoch() {
            @Override
            public Metrics step(int batch, Optimization optimization) {
                Batch b = batches.next();
                Tensor output = model.forward(b.inputs());
                Tensor loss = F.crossEntropy(output, b.targets());
                optimization.minimize("optimizer", loss);
                int n = b.size();
                return new Metrics(n, Map.of("loss", loss.item(),
                        "accuracy", (double) Accuracy.correct(output, b.targets()) / n));
            }

            @Override
            public void close() {
                pass.close();
            }
        };
    }

    /** Loss, accuracy and top-k accuracy (when k &lt; classes) on the held-out data; model outputs must be finite. */
    @Override
    public Map<String, Double> evaluate() {
        return evaluate(model, held);
    }

    /** What {@link #evaluate()} reports, for any classifier {@code model} on {@code held}. */
    public static Map<String, Double> evaluate(Layer model, Evaluation held) {
        double lossSum = 0;
        long correct = 0;
        long topKCorrect = 0;
        Dataset data = held.data();
        int n = data.size();
        try (var _ = model.evaluating()) {
            for (int from = 0; from < n; from += EVALUATION_BATCH) {
                int[] idx = new int[Math.min(EVALUATION_BATCH, n - from)];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                Batch b = data.batch(idx);
                Tensor out = model.forward(b.inputs());
                lossSum += F.crossEntropy(out, b.targets()).item() * idx.length;
                correct += Accuracy.correct(out, b.targets());
                if (held.topK() < held.classes()) {
                    topKCorrect += Accuracy.topKCorrect(out, b.targets(), held.topK());
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(held.name() + "_loss", lossSum / n);
        out.put(held.name() + "_accuracy", (double) correct / n);
        if (held.topK() < held.classes()) {
            out.put(held.name() + "_top" + held.topK() + "_accuracy", (double) topKCorrect / n);
        }
        return out;
    }
}

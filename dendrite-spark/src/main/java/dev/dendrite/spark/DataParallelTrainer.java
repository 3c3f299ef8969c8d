package dev.dendrite.spark;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.TrainingState;
import dev.dendrite.models.ClassificationData;
import dev.dendrite.models.ClassifierKind;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.ClassificationTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's share of synchronous data-parallel SGD. Every worker builds the same model from the seed and walks
 * the same shuffled order of the training set (the order a DataLoader with that seed gives). Each global batch of
 * B examples is cut into M micro-batches; worker r takes micro-batches r M / N .. (r + 1) M / N - 1, computes for
 * each the gradient of (its examples' summed loss) / B, and the all-reduce adds all M gradients in micro-batch
 * order, so every worker applies the gradient of the whole batch's mean loss and the replicas stay equal. The
 * kernels see micro-batches of B / M examples and the sums are formed in one order whatever N is, so any N that
 * divides M gives the same bits as one worker with the same M.
 */
public final class DataParallelTrainer {
    private DataParallelTrainer() {}

    /**
     * What rank 0 reports: per epoch the mean training loss and the test accuracy, the final weights, and the epoch
     * this attempt started from (after a checkpoint's).
     */
    public record Result(List<Map<String, Double>> epochs, byte[] weights, int resumedAt) implements java.io.Serializable {}

    /** What runs after each epoch (0-based) on each rank, e.g. fault injection; may throw. */
    @FunctionalInterface
    public interface EpochHook {
        void after(int epoch);
    }

    /**
     * Trains as rank {@code rank} of {@code ring}'s size, resuming from the config's checkpoint when there is one,
     * and returns the result (every rank's is the same).
     */
    public static Result train(SparkTrainingConfig config, int rank, RingAllReduce ring, EpochHook hook)
            throws IOException {
        if (!(ModelKinds.get(config.kind()) instanceof ClassifierKind<?> kind)) {
            throw new ConfigException("--engine spark trains classifier kinds (mlp, lenet, alexnet-small ...), not '"
                    + config.kind() + "'");
        }
        ClassificationData data = ClassificationData.load(config.data(), config.seed());
        Generator g = new Generator(config.seed());
        Sequential model = kind.network(config.settings(),
                new ClassifierKind.DataShape(data.sample(), data.classes()), g);
        List<Tensor> params = model.parameters();
        Optimizer optimizer = Optimizers.create(config.optimizer(), params, config.lr());
        DataLoader order = new DataLoader(data.train(), config.batchSize(), true, false, config.seed(), 0);
        int length = params.stream().mapToInt(Tensor::numel).sum();
        List<Map<String, Double>> history = new ArrayList<>();
        Path checkpoint = config.checkpointDir() == null ? null : Path.of(config.checkpointDir(), "checkpoint.safetensors");
        int first = 0;
        if (checkpoint != null && Files.exists(checkpoint)) {
            first = (int) Checkpoint.load(checkpoint, model, optimizer, null).epoch() + 1;
            history.addAll(decodeHistory(Checkpoint.metadata(checkpoint).get("history")));
        }
        for (int epoch = first; epoch < config.epochs(); epoch++) {
            model.train();
            int[] shuffled = order.order(epoch);
            double lossSum = 0;
            int parts = config.microBatches();
            int mine = parts / config.workers();
            for (int from = 0; from < shuffled.length; from += config.batchSize()) {
                int batch = Math.min(config.batchSize(), shuffled.length - from);
                List<float[]> gradients = new ArrayList<>();
                for (int part = rank * mine; part < (rank + 1) * mine; part++) {
                    int start = from + (int) ((long) part * batch / parts);
                    int end = from + (int) ((long) (part + 1) * batch / parts);
                    float[] gradient = new float[length];
                    if (end > start) {
                        Batch b = data.train().batch(Arrays.copyOfRange(shuffled, start, end));
                        Tensor loss = F.crossEntropy(model.forward(b.inputs()), b.targets())
                                .mul((double) (end - start) / batch);
                        loss.backward();
                        lossSum += loss.item() * batch;
                        int at = 0;
                        for (Tensor p : params) {
                            float[] grad = p.grad().toFloatArray();
                            System.arraycopy(grad, 0, gradient, at, grad.length);
                            at += grad.length;
                        }
                        optimizer.zeroGrad();
                    }
                    gradients.add(gradient);
                }
                float[] gradient = ring.sumInOrder(gradients);
                int at = 0;
                try (var _ = Grad.disabled()) {
                    for (Tensor p : params) {
                        int n = p.numel();
                        p.setGrad(Tensor.fromArray(Arrays.copyOfRange(gradient, at, at + n), p.dims()));
                        at += n;
                    }
                }
                optimizer.step();
                optimizer.zeroGrad();
            }
            float[] lossShare = {(float) lossSum};
            ring.sumInPlace(lossShare);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("train_loss", lossShare[0] / (double) shuffled.length);
            metrics.put("test_accuracy", ClassificationTask.evaluate(model, new ClassificationTask.Evaluation(
                    data.test(), "test", data.classes(), data.classes())).get("test_accuracy"));
            history.add(metrics);
            if (checkpoint != null && rank == 0) {
                Files.createDirectories(checkpoint.getParent());
                Checkpoint.save(checkpoint, TrainingState.of(model, optimizer, null),
                        new Checkpoint.Position(epoch, optimizer.steps()), Map.of("history", encodeHistory(history)));
            }
            hook.after(epoch);
        }
        return new Result(history, Safetensors.encode(model.stateDict(), Map.of("kind", config.kind())), first);
    }

    private static String encodeHistory(List<Map<String, Double>> history) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Double> m : history) {
            if (!b.isEmpty()) b.append(';');
            b.append(m.get("train_loss")).append(',').append(m.get("test_accuracy"));
        }
        return b.toString();
    }

    private static List<Map<String, Double>> decodeHistory(String text) {
        List<Map<String, Double>> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        for (String epoch : text.split(";")) {
            String[] parts = epoch.split(",");
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_loss", Double.parseDouble(parts[0]));
            m.put("test_accuracy", Double.parseDouble(parts[1]));
            out.add(m);
        }
        return out;
    }
}

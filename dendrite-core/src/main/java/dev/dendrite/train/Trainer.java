// The training loop: for each epoch, mini-batches from a DataLoader through model, loss, backward, optional
// gradient clipping and the optimizer step; then evaluation on held-out data and the callbacks.
package dev.dendrite.train;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.nn.Layer;
import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class Trainer {
    /** Maps (model output, target) to a scalar loss. */
    @FunctionalInterface
    public interface Loss {
        Tensor apply(Tensor output, Tensor target);
    }

    /** What fit needs besides the model and data; clipNorm 0 disables clipping, schedule may be null. */
    public record Config(int epochs, int topK, double clipNorm, LrSchedule schedule) {
        public Config {
            if (epochs < 0 || topK < 1 || clipNorm < 0) {
                throw new IllegalArgumentException("Trainer.Config: epochs >= 0, topK >= 1 and clipNorm >= 0 required");
            }
        }
    }

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;

    public Trainer(Layer model, Loss loss, Optimizer optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /**
     * Trains epochs {@code firstEpoch} .. config.epochs()-1 (so a resumed run passes the epoch it stopped at) and
     * returns one result per epoch run.
     */
    public List<EpochResult> fit(DataLoader train, Dataset validation, int firstEpoch, Config config, List<Callback> callbacks) {
        List<EpochResult> history = new ArrayList<>();
        for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
            if (config.schedule() != null) {
                optimizer.setLr(config.schedule().lr(epoch));
            }
            model.train();
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long samples = 0;
            int batchIndex = 0;
            int batches = train.batches();
            try (DataLoader.Epoch pass = train.epoch(epoch)) {
                for (Batch batch : pass) {
                    optimizer.zeroGrad();
                    Tensor output = model.forward(batch.inputs());
                    Tensor l = loss.apply(output, batch.targets());
                    l.backward();
                    if (config.clipNorm() > 0) {
                        GradClip.clipGradNorm(model.parameters(), config.clipNorm());
                    }
                    optimizer.step();
                    int n = batch.size();
                    lossSum += l.item() * n;
                    if (output.rank() == 2 && batch.targets().rank() == 1) {
                        correct += Metrics.correct(output, batch.targets());
                    }
                    samples += n;
                    batchIndex++;
                    for (Callback c : callbacks) {
                        c.onBatch(epoch, batchIndex, batches, lossSum / samples, (double) correct / samples, samples);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation val = validation == null ? new Evaluation(Double.NaN, Double.NaN, Double.NaN, 0)
                    : evaluate(validation, 512, config.topK());
            EpochResult result = new EpochResult(epoch, lossSum / Math.max(samples, 1), (double) correct / Math.max(samples, 1),
                    val.loss(), val.accuracy(), val.topKAccuracy(), seconds, samples / seconds, optimizer.lr());
            history.add(result);
            boolean go = true;
            for (Callback c : callbacks) {
                go &= c.onEpochEnd(result);
            }
            if (!go) {
                break;
            }
        }
        return history;
    }

    /** Loss and top-1 / top-k accuracy over {@code data}, in evaluation mode, without gradients. */
    public Evaluation evaluate(Dataset data, int batchSize, int topK) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long topKCorrect = 0;
        int n = data.size();
        try (var _ = Grad.disabled()) {
            for (int from = 0; from < n; from += batchSize) {
                int[] idx = new int[Math.min(batchSize, n - from)];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                Batch b = data.batch(idx);
                Tensor out = model.forward(b.inputs());
                lossSum += loss.apply(out, b.targets()).item() * idx.length;
                if (out.rank() == 2 && b.targets().rank() == 1) {
                    correct += Metrics.correct(out, b.targets());
                    topKCorrect += Metrics.topKCorrect(out, b.targets(), Math.min(topK, out.size(1)));
                }
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return new Evaluation(lossSum / n, (double) correct / n, (double) topKCorrect / n, n);
    }
}

package dev.dendrite.models;

import dev.dendrite.data.Batch;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TextStream;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Objective;
import dev.dendrite.train.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GPT language model as a training task: windows of the context length cut from --batch-size parallel streams
 * of the text, visited in an order seeded by the run's seed and the epoch (so a resumed run sees an uninterrupted
 * run's orders; the model carries no state between windows), each
 * position predicting the next token. The evaluation reports the held-out cross-entropy in nats per token and the
 * perplexity.
 */
public final class GptTask implements Task {
    private final Gpt model;
    private final Optimizer optimizer;
    private final Generator generator;
    private final TextStream train;
    private final TextStream validation;
    private final long seed;

    public GptTask(Gpt model, Optimizer optimizer, Generator generator, TextStream train, TextStream validation,
                   long seed) {
        this.seed = seed;
        this.model = model;
        this.optimizer = optimizer;
        this.generator = generator;
        this.train = train;
        this.validation = validation;
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(model, optimizer, generator);
    }

    @Override
    public int batchesPerEpoch() {
        return train.windows();
    }

    @Override
    public String items() {
        return "tokens";
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        int[] order = Splits.random(train.windows(), seed + 1_000_003L * epoch, 1.0)[0];
        return (b, optimization) -> {
            Batch batch = train.get(order[b]);
            Tensor loss = F.crossEntropy(model.forward(batch.inputs()).reshape(-1, model.config().vocabulary()),
                    batch.targets().reshape(-1));
            optimization.minimize("optimizer", loss);
            return Metrics.loss(batch.inputs().numel(), loss.item());
        };
    }

    @Override
    public Map<String, Double> evaluate() {
        double sum = 0;
        long count = 0;
        try (var _ = model.evaluating()) {
            for (int w = 0; w < validation.windows(); w++) {
                Batch batch = validation.get(w);
                int n = batch.inputs().numel();
                sum += F.crossEntropy(model.forward(batch.inputs()).reshape(-1, model.config().vocabulary()),
                        batch.targets().reshape(-1)).item() * n;
                count += n;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("val_loss", sum / count);
        out.put("val_perplexity", Math.exp(sum / count));
        return out;
    }

    @Override
    public Objective best() {
        return new Objective("val_loss", true);
    }
}

package dev.dendrite.models;

import dev.dendrite.data.Batch;
import dev.dendrite.data.TextStream;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Objective;
import dev.dendrite.train.Optimization;
import dev.dendrite.train.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A character-level language model as a training task: truncated backpropagation through time over parallel streams
 * of the text (--batch-size streams, seq-len steps per window), the recurrent state carried from window to window
 * and cut from the graph between them, and reset at each epoch. The evaluation reads the held-out text the same way
 * and reports its cross-entropy in nats per character and the perplexity.
 */
public final class LanguageModelTask implements Task {
    private final CharLstm model;
    private final Optimizer optimizer;
    private final Generator generator;
    private final TextStream train;
    private final TextStream validation;

    public LanguageModelTask(CharLstm model, Optimizer optimizer, Generator generator, TextStream train,
                             TextStream validation) {
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
        return "chars";
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        CharLstm.State[] state = {null};
        return (window, optimization) -> step(window, optimization, state);
    }

    private Metrics step(int window, Optimization optimization, CharLstm.State[] state) {
        Batch batch = train.get(window);
        CharLstm.Output out = model.forward(batch.inputs(), state[0]);
        Tensor loss = F.crossEntropy(out.logits().reshape(-1, model.config().vocabulary()), batch.targets().reshape(-1));
        optimization.minimize("optimizer", loss);
        state[0] = out.state().detach();
        return Metrics.loss(batch.inputs().numel(), loss.item());
    }

    /** Validation loss (nats per character) and perplexity, the state carried, no dropout, no graph. */
    @Override
    public Map<String, Double> evaluate() {
        double sum = 0;
        long count = 0;
        try (var _ = model.evaluating()) {
            CharLstm.State state = null;
            for (int w = 0; w < validation.windows(); w++) {
                Batch batch = validation.get(w);
                CharLstm.Output out = model.forward(batch.inputs(), state);
                int n = batch.inputs().numel();
                sum += F.crossEntropy(out.logits().reshape(-1, model.config().vocabulary()),
                        batch.targets().reshape(-1)).item() * n;
                count += n;
                state = out.state();
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

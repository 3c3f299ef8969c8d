package dev.dendrite.federated;

import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Layer;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Accuracy;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Optimization;
import dev.dendrite.train.Task;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A client's local training as a task for the one training loop: cross-entropy on the client's own batches, plus,
 * for FedProx (Li et al. 2020), the proximal term mu/2 ||w - w_global||^2 that keeps a non-IID client near the
 * model it was sent. It evaluates nothing: the server evaluates the global model.
 */
final class LocalTask implements Task {
    private final Layer model;
    private final Optimizer optimizer;
    private final DataLoader data;
    private final double mu;
    private final List<Tensor> anchor;

    /** {@code anchor} holds copies of the global parameters (in {@code model.parameters()} order) for mu > 0. */
    LocalTask(Layer model, Optimizer optimizer, DataLoader data, double mu, List<Tensor> anchor) {
        this.model = model;
        this.optimizer = optimizer;
        this.data = data;
        this.mu = mu;
        this.anchor = anchor;
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(model, optimizer, null);
    }

    @Override
    public int batchesPerEpoch() {
        return data.batches();
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        DataLoader.Epoch pass = data.epoch(epoch);
        Iterator<Batch> batches = pass.iterator();
        List<Tensor> params = model.parameters();
        return new Epoch() {
            @Override
            public Metrics step(int batch, Optimization optimization) {
                Batch b = batches.next();
                Tensor output = model.forward(b.inputs());
                Tensor loss = F.crossEntropy(output, b.targets());
                if (mu > 0) {
                    Tensor proximal = null;
                    for (int i = 0; i < params.size(); i++) {
                        Tensor d = params.get(i).sub(anchor.get(i));
                        Tensor s = d.mul(d).sum();
                        proximal = proximal == null ? s : proximal.add(s);
                    }
                    loss = loss.add(proximal.mul(mu / 2));
                }
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

    @Override
    public Map<String, Double> evaluate() {
        return Map.of();
    }
}

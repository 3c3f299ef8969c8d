package dev.dendrite.federated;

import dev.dendrite.io.TrainingState;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.ClassificationTask;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Optimization;
import dev.dendrite.train.Task;

import java.util.List;
import java.util.Map;

/**
 * A client's local training as a task for the one training loop: the classification task's steps on the client's
 * own batches, with, for FedProx (Li et al. 2020), the proximal term mu/2 ||w - w_global||^2 added to each loss so
 * that a non-IID client stays near the model it was sent. It evaluates nothing: the server evaluates the global
 * model.
 */
final class LocalTask implements Task {
    private final ClassificationTask classification;
    private final List<Tensor> params;
    private final double mu;
    private final List<Tensor> anchor;

    /** {@code anchor} holds copies of the global parameters (in {@code params} order), used when mu > 0. */
    LocalTask(ClassificationTask classification, List<Tensor> params, double mu, List<Tensor> anchor) {
        this.classification = classification;
        this.params = params;
        this.mu = mu;
        this.anchor = anchor;
    }

    @Override
    public TrainingState state() {
        return classification.state();
    }

    @Override
    public int batchesPerEpoch() {
        return classification.batchesPerEpoch();
    }

    @Override
    public Epoch epoch(int epoch) {
        Epoch inner = classification.epoch(epoch);
        return new Epoch() {
            @Override
            public Metrics step(int batch, Optimization optimization) {
                return inner.step(batch, (name, loss) -> optimization.minimize(name, mu > 0 ? loss.add(proximal()) : loss));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private Tensor proximal() {
        Tensor sum = null;
        for (int i = 0; i < params.size(); i++) {
            Tensor d = params.get(i).sub(anchor.get(i));
            Tensor s = d.mul(d).sum();
            sum = sum == null ? s : sum.add(s);
        }
        return sum.mul(mu / 2);
    }

    @Override
    public Map<String, Double> evaluate() {
        return Map.of();
    }
}

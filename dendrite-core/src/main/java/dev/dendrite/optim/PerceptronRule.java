package dev.dendrite.optim;

import dev.dendrite.autograd.Grad;
import dev.dendrite.nn.Linear;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * The classic perceptron learning rule (Rosenblatt; seed 001): y = step(w . x + b), then w += lr (t - y) x and b +=
 * lr (t - y), one sample at a time. It converges on linearly separable data such as AND and OR, and never on XOR.
 */
public final class PerceptronRule {
    private PerceptronRule() {}

    /**
     * Trains a Linear(d, 1) perceptron for at most {@code maxEpochs} passes over (inputs (N, d), targets (N) of 0/1).
     * Returns the number of epochs after which every sample was classified correctly, or -1 if none was.
     */
    public static int train(Linear perceptron, Tensor inputs, Tensor targets, double lr, int maxEpochs) {
        if (inputs.rank() != 2 || targets.rank() != 1 || inputs.size(0) != targets.size(0)
                || perceptron.weight().size(0) != 1) {
            throw new ShapeException("PerceptronRule: expected a Linear(d, 1), inputs (N, d) and targets (N), got weight "
                    + perceptron.weight().shape() + ", inputs " + inputs.shape() + ", targets " + targets.shape());
        }
        try (var _ = Grad.disabled()) {
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                int mistakes = 0;
                for (int i = 0; i < inputs.size(0); i++) {
                    Tensor x = inputs.narrow(0, i, 1); // (1, d)
                    double y = perceptron.forward(x).step().item();
                    double error = targets.get(i) - y;
                    if (error != 0) {
                        mistakes++;
                        perceptron.weight().addInPlace(x, lr * error);
                        perceptron.bias().addInPlace(Tensor.full(1, perceptron.bias().dtype(), 1), lr * error);
                    }
                }
                if (mistakes == 0) {
                    return epoch;
                }
            }
        }
        return -1;
    }
}

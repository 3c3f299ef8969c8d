// Optimizers by name for the CLI, with PyTorch's defaults apart from the learning rate.
package dev.dendrite.cli;

import dev.dendrite.optim.Adadelta;
import dev.dendrite.optim.Adagrad;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.RmsProp;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Tensor;

import java.util.List;

final class OptimizerSpec {
    static final String NAMES = "sgd, momentum, nesterov, rmsprop, adagrad, adadelta, adam, adamw";

    private OptimizerSpec() {}

    static Optimizer create(String name, List<Tensor> params, double lr) {
        return switch (name) {
            case "sgd" -> new Sgd(params, lr);
            case "momentum" -> new Sgd(params, lr, 0.9, 0, 0, false);
            case "nesterov" -> new Sgd(params, lr, 0.9, 0, 0, true);
            case "rmsprop" -> new RmsProp(params, lr);
            case "adagrad" -> new Adagrad(params, lr);
            case "adadelta" -> new Adadelta(params, lr, 0.9, 1e-6, 0);
            case "adam" -> new Adam(params, lr);
            case "adamw" -> Adam.adamW(params, lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; available: " + NAMES);
        };
    }
}

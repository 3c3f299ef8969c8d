package dev.dendrite.optim;

import dev.dendrite.io.ConfigException;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Optimizers by name (what a command line or a config file names), with PyTorch's defaults apart from the learning
 * rate: sgd, momentum and nesterov (SGD with momentum 0.9), rmsprop, adagrad, adadelta, adam, adamw.
 */
public final class Optimizers {
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta",
            "adam", "adamw");

    private Optimizers() {}

    /** Throws a ConfigException listing the names unless {@code name} is one of them. */
    public static void check(String name) {
        if (!NAMES.contains(name)) {
            throw new ConfigException("unknown optimizer '" + name + "'; available: " + String.join(", ", NAMES));
        }
    }

    public static Optimizer create(String name, List<Tensor> params, double lr) {
        check(name);
        return switch (name) {
            case "sgd" -> new Sgd(params, lr);
            case "momentum" -> new Sgd(ParamGroup.all(params), Sgd.Options.DEFAULTS.withLr(lr).withMomentum(0.9));
            case "nesterov" -> new Sgd(ParamGroup.all(params),
                    Sgd.Options.DEFAULTS.withLr(lr).withMomentum(0.9).withNesterov(true));
            case "rmsprop" -> new RmsProp(params, lr);
            case "adagrad" -> new Adagrad(params, lr);
            case "adadelta" -> new Adadelta(params, lr);
            case "adam" -> new Adam(params, lr);
            default -> new AdamW(params, lr);
        };
    }
}

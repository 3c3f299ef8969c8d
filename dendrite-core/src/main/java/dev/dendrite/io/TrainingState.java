package dev.dendrite.io;

import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a training run consists of, by name: its modules, its optimizers and its random generators. A checkpoint
 * stores each under its name ("model.0.weight", "optimizer.3.exp_avg", "generator.state"); a GAN names two modules
 * and two optimizers, a classifier one of each.
 */
public record TrainingState(Map<String, Module> modules, Map<String, Optimizer> optimizers,
                            Map<String, Generator> generators) {
    public TrainingState {
        modules = Map.copyOf(modules);
        optimizers = Map.copyOf(optimizers);
        generators = Map.copyOf(generators);
        Set<String> names = new HashSet<>();
        for (Map<String, ?> group : java.util.List.of(modules, optimizers, generators)) {
            for (String name : group.keySet()) {
                if (name.isEmpty() || name.contains(".") || !names.add(name)) {
                    throw new IllegalArgumentException("TrainingState: name '" + name + "' is empty, holds a '.' or is"
                            + " used twice; modules, optimizers and generators need distinct names without dots");
                }
            }
        }
    }

    /** The usual single-model state named model / optimizer / generator; null parts are left out. */
    public static TrainingState of(Module model, Optimizer optimizer, Generator generator) {
        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        if (optimizer != null) {
            optimizers.put("optimizer", optimizer);
        }
        Map<String, Generator> generators = new LinkedHashMap<>();
        if (generator != null) {
            generators.put("generator", generator);
        }
        return new TrainingState(Map.of("model", model), optimizers, generators);
    }

    /** Only the modules (what inference needs). */
    public TrainingState modulesOnly() {
        return new TrainingState(modules, Map.of(), Map.of());
    }
}

package dev.dendrite.train;

import dev.dendrite.io.TrainingState;

import java.util.Map;

/**
 * What a model kind brings to the one training loop: its training state (named modules, optimizers and random
 * generators, which checkpoints store), its batches per epoch, one training step, and an evaluation. The loop owns
 * everything else: epochs and time budgets, schedules, clipping, accumulation, the non-finite check, callbacks. A
 * classifier, a language model, a tagger or a GAN (two optimizers) are each one Task.
 */
public interface Task {
    /** The modules, optimizers and generators of the run, by name. */
    TrainingState state();

    /** Training steps in one epoch. */
    int batchesPerEpoch();

    /** What {@link Metrics#items()} counts, e.g. "samples", "chars", "tokens". */
    default String items() {
        return "samples";
    }

    /** Opens epoch {@code epoch} (0-based): puts the modules in training mode and prepares its batch order. */
    Epoch epoch(int epoch);

    /**
     * Named metrics on held-out data, in evaluation mode and without gradients; the names carry their data's name
     * ("test_accuracy", "val_loss").
     */
    Map<String, Double> evaluate();

    /** The evaluation metric that decides which epoch's weights are the best; null to keep no best weights. */
    default Objective best() {
        return null;
    }

    /** The batches of one epoch, stepped in order. */
    interface Epoch extends AutoCloseable {
        /** Trains on batch {@code batch}: computes the loss and hands it to {@code optimization}. */
        Metrics step(int batch, Optimization optimization);

        @Override
        default void close() {}
    }
}

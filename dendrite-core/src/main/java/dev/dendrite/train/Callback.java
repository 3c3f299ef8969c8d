package dev.dendrite.train;

import java.util.Map;

/**
 * Hooks into the training loop: after each step (progress display) and after each epoch (checkpoints, metric logs,
 * early stopping). Returning false from onEpochEnd stops training.
 */
public interface Callback {
    /** After each training step: the running means of the epoch's metrics and the items seen so far. */
    default void onStep(int epoch, int batch, int batches, Map<String, Double> running, long items) {}

    /** After each epoch; false stops training. */
    default boolean onEpochEnd(EpochRecord record) {
        return true;
    }
}

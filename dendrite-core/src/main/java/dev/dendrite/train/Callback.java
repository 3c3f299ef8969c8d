// Hooks into Trainer.fit: after each batch (progress display) and after each epoch (schedules, early stopping,
// checkpoints). Returning false from onEpochEnd stops training.
package dev.dendrite.train;

public interface Callback {
    /** After each training batch: running mean loss and accuracy of the epoch so far. */
    default void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy, long samples) {}

    /** After each epoch; false stops training. */
    default boolean onEpochEnd(EpochResult result) {
        return true;
    }
}

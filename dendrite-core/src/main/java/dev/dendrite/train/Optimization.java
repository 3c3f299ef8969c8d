package dev.dendrite.train;

import dev.dendrite.tensor.Tensor;

/**
 * What a training step calls to learn from a loss: the loop's side of the step (non-finite check, backward,
 * gradient accumulation, clipping, learning-rate schedule and the optimizer's update).
 */
@FunctionalInterface
public interface Optimization {
    /**
     * Backpropagates the scalar {@code loss} into the parameters of the optimizer named {@code optimizer} and,
     * once every accumulation period, clips and applies the update. Returns false when the loss was not finite
     * and the loop skips such batches; otherwise a non-finite loss throws {@link NonFiniteException}.
     */
    boolean minimize(String optimizer, Tensor loss);

    /**
     * The share of the run done before this step, from 0 to 1: steps taken over all epochs' steps, or, under a time
     * budget, the larger of that and the budget's spent share. What a task that updates its weights itself (word2vec's
     * linearly decaying rate) schedules by.
     */
    default double progress() {
        return 0;
    }
}

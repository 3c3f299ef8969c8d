package dev.dendrite.train;

import java.util.Map;

/**
 * What one epoch of training produced: the item-weighted means of the step metrics, the evaluation's metrics, the
 * time and items it took, the learning rate at its end, the optimizer steps so far, and whether a time budget ended
 * it early.
 */
public record EpochRecord(int epoch, Map<String, Double> train, Map<String, Double> evaluation, double seconds,
                          long items, double lr, long steps, boolean partial) {
    public EpochRecord {
        train = Map.copyOf(train);
        evaluation = Map.copyOf(evaluation);
    }

    public double itemsPerSecond() {
        return seconds > 0 ? items / seconds : 0;
    }
}

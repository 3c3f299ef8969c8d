package dev.dendrite.train;

/**
 * Which evaluation metric tells a better model, and in which direction (for best checkpoints, early stopping).
 */
public record Objective(String metric, boolean lowerIsBetter) {
    /** True when {@code value} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(value);
        }
        return lowerIsBetter ? value < best - minDelta : value > best + minDelta;
    }
}

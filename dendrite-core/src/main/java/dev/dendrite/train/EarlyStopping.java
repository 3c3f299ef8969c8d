package dev.dendrite.train;

/**
 * Stops training when an evaluation metric has not improved by at least minDelta for `patience` epochs.
 */
public final class EarlyStopping implements Callback {
    private final Objective objective;
    private final int patience;
    private final double minDelta;
    private double best = Double.NaN;
    private int stale;

    public EarlyStopping(Objective objective, int patience, double minDelta) {
        if (patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping: patience >= 1 and minDelta >= 0 required, got "
                    + patience + " and " + minDelta);
        }
        this.objective = objective;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public boolean onEpochEnd(EpochRecord r) {
        Double value = r.evaluation().get(objective.metric());
        if (value == null) {
            throw new IllegalArgumentException("EarlyStopping: the evaluation has no metric '" + objective.metric()
                    + "'; it has " + r.evaluation().keySet());
        }
        if (objective.improves(value, best, minDelta)) {
            best = value;
            stale = 0;
            return true;
        }
        return ++stale < patience;
    }
}

// Stops training when the validation loss has not improved by at least minDelta for `patience` epochs.
package dev.dendrite.train;

public final class EarlyStopping implements Callback {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int stale;

    public EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public boolean onEpochEnd(EpochResult r) {
        if (r.valLoss() < best - minDelta) {
            best = r.valLoss();
            stale = 0;
            return true;
        }
        return ++stale < patience;
    }
}

package dev.dendrite.optim;

/**
 * Learning-rate schedules: the rate for a given epoch (or step) number, set on an optimizer with
 * optimizer.setLr(schedule.lr(n)). Formulas as PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, the Transformer's
 * inverse square root, BERT's linear decay, and a linear warm-up in front of any schedule.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate at epoch (or step) {@code n}, counting from 0. */
    double lr(int n);

    /** base * gamma^floor(n / stepSize). */
    static LrSchedule step(double base, int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step schedule: stepSize must be > 0, got " + stepSize);
        }
        return n -> base * Math.pow(gamma, n / stepSize);
    }

    /** base * gamma^n. */
    static LrSchedule exponential(double base, double gamma) {
        return n -> base * Math.pow(gamma, n);
    }

    /** etaMin + (base - etaMin) (1 + cos(pi n / tMax)) / 2, held at etaMin after tMax. */
    static LrSchedule cosine(double base, int tMax, double etaMin) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("cosine schedule: tMax must be > 0, got " + tMax);
        }
        return n -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * Math.min(n, tMax) / tMax)) / 2;
    }

    /** base falling linearly to 0 at {@code total}, held at 0 after (BERT's decay after its warm-up). */
    static LrSchedule linear(double base, int total) {
        if (total <= 0) {
            throw new IllegalArgumentException("linear schedule: total must be > 0, got " + total);
        }
        return n -> base * Math.max(0, 1 - n / (double) total);
    }

    /**
     * The Transformer's inverse square root decay (Vaswani et al. 2017, with the peak at base): base up to
     * {@code warmup}, then base * sqrt(warmup / (n + 1)). Put {@link #linearWarmup} in front for the paper's rise.
     */
    static LrSchedule inverseSqrt(double base, int warmup) {
        if (warmup <= 0) {
            throw new IllegalArgumentException("inverse-sqrt schedule: warmup must be > 0, got " + warmup);
        }
        return n -> base * Math.sqrt(warmup / (double) Math.max(n + 1, warmup));
    }

    /** Rises linearly from base/warmup to the wrapped schedule's value over the first {@code warmup} numbers. */
    static LrSchedule linearWarmup(int warmup, LrSchedule after) {
        return n -> n < warmup ? after.lr(n) * (n + 1) / warmup : after.lr(n);
    }
}

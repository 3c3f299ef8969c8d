package dev.dendrite.nn;

/**
 * How a loss turns per-element losses into its result, as PyTorch's reduction argument.
 */
public enum Reduction {
    /** The average (for class losses: weighted by the target classes' weights). */
    MEAN,
    SUM,
    /** No reduction: one loss per element (or per sample for class losses). */
    NONE
}

package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * Options of crossEntropy and nllLoss, as PyTorch's arguments: per-class weights (or null), a target value to
 * ignore, label smoothing in [0, 1), and the reduction.
 */
public record ClassLossOptions(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
    public static final ClassLossOptions DEFAULTS = new ClassLossOptions(null, -100, 0, Reduction.MEAN);

    public ClassLossOptions {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
    }

    public ClassLossOptions withWeight(Tensor w) {
        return new ClassLossOptions(w, ignoreIndex, labelSmoothing, reduction);
    }

    public ClassLossOptions withIgnoreIndex(long index) {
        return new ClassLossOptions(weight, index, labelSmoothing, reduction);
    }

    public ClassLossOptions withLabelSmoothing(double epsilon) {
        return new ClassLossOptions(weight, ignoreIndex, epsilon, reduction);
    }

    public ClassLossOptions withReduction(Reduction r) {
        return new ClassLossOptions(weight, ignoreIndex, labelSmoothing, r);
    }
}

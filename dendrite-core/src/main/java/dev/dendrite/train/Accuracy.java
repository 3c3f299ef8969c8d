package dev.dendrite.train;

import dev.dendrite.tensor.DendriteException;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Classification accuracy over logits (B, C) and INT64 targets (B): a row counts as correct only when its arg-max
 * (the first maximum, as PyTorch's argmax) is the target; top-k ranks ties by class index the same way. Non-finite
 * logits are an error, not a guess: a NaN model must not score.
 */
public final class Accuracy {
    private Accuracy() {}

    /** Number of rows whose arg-max equals the target. */
    public static long correct(Tensor logits, Tensor target) {
        return topKCorrect(logits, target, 1);
    }

    /**
     * Number of rows whose target is among the k first classes when the logits are sorted in descending order,
     * equal logits by class index (top-5 error in the AlexNet paper is 1 - this / B).
     */
    public static long topKCorrect(Tensor logits, Tensor target, int k) {
        if (logits.rank() != 2 || target.rank() != 1 || logits.size(0) != target.size(0)) {
            throw new ShapeException("Accuracy: expected logits (B, C) and target (B), got " + logits.shape() + " and "
                    + target.shape());
        }
        int rows = logits.size(0);
        int classes = logits.size(1);
        double[] l = logits.detach().contiguous().toDoubleArray();
        long[] t = target.toLongArray();
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            if (t[r] < 0 || t[r] >= classes) {
                throw new DendriteException("Accuracy: target " + t[r] + " of row " + r + " is not a class of " + classes);
            }
            int base = r * classes;
            double own = l[base + (int) t[r]];
            int rank = 0;
            for (int c = 0; c < classes; c++) {
                double v = l[base + c];
                if (!Double.isFinite(v)) {
                    throw new NonFiniteException("Accuracy: row " + r + " has a non-finite logit (" + v + ") at class "
                            + c + "; the model's outputs are not usable");
                }
                if (v > own || (v == own && c < t[r])) {
                    rank++;
                }
            }
            correct += rank < k ? 1 : 0;
        }
        return correct;
    }
}

// Classification metrics over logits (B, C) and INT64 targets (B): counts of correct top-1 and top-k predictions.
package dev.dendrite.train;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

public final class Metrics {
    private Metrics() {}

    /** Number of rows whose arg-max equals the target. */
    public static long correct(Tensor logits, Tensor target) {
        return topKCorrect(logits, target, 1);
    }

    /**
     * Number of rows whose target is among the k largest logits (top-5 error in the AlexNet paper is 1 - this / B).
     * A target tied with other logits counts as ranked above them.
     */
    public static long topKCorrect(Tensor logits, Tensor target, int k) {
        if (logits.rank() != 2 || target.rank() != 1 || logits.size(0) != target.size(0)) {
            throw new ShapeException("topKCorrect: expected logits (B, C) and target (B), got " + logits.shape() + " and "
                    + target.shape());
        }
        try (var _ = Grad.disabled()) {
            Tensor l = logits.detach();
            Tensor targetLogit = l.gather(1, target.unsqueeze(1)); // (B, 1)
            Tensor above = l.gt(targetLogit).sum(1); // (B): how many classes beat the target
            return (long) above.lt(k).sum().item();
        }
    }
}

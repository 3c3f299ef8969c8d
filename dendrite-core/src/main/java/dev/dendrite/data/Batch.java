package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

/**
 * A mini-batch: inputs stacked along a new first dim, and the matching targets.
 */
public record Batch(Tensor inputs, Tensor targets) {
    public int size() {
        return inputs.size(0);
    }
}

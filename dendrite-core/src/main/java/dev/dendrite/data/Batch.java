// A mini-batch: inputs stacked along a new first dim, and the matching targets.
package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

public record Batch(Tensor inputs, Tensor targets) {
    public int size() {
        return inputs.size(0);
    }
}

package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Indexed samples. A sample is an (input, target) pair of tensors; batch() stacks samples, and datasets held in
 * memory as two big tensors (TensorDataset) override it to gather a whole batch at once.
 */
public interface Dataset {
    int size();

    /** Sample {@code index} as (input, target). */
    Batch get(int index);

    /** The samples at {@code indices} stacked into one batch. */
    default Batch batch(int[] indices) {
        List<Tensor> inputs = new ArrayList<>(indices.length);
        List<Tensor> targets = new ArrayList<>(indices.length);
        for (int i : indices) {
            Batch b = get(i);
            inputs.add(b.inputs());
            targets.add(b.targets());
        }
        return new Batch(Tensor.stack(inputs, 0), Tensor.stack(targets, 0));
    }
}

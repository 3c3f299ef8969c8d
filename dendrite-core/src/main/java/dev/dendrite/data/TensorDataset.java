package dev.dendrite.data;

import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * A dataset held as two tensors whose first dim indexes samples: inputs (N, ...) and targets (N, ...).
 */
public record TensorDataset(Tensor inputs, Tensor targets) implements Dataset {
    public TensorDataset {
        if (inputs.rank() == 0 || targets.rank() == 0 || inputs.size(0) != targets.size(0)) {
            throw new ShapeException("TensorDataset: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must have the same size in dim 0 (one row per sample)");
        }
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Batch get(int index) {
        return new Batch(inputs.select(0, index), targets.select(0, index));
    }

    @Override
    public Batch batch(int[] indices) {
        long[] idx = new long[indices.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = indices[i];
        }
        Tensor index = Tensor.fromArray(idx);
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }

    /** The samples at {@code indices} as a new in-memory dataset (for splits). */
    public TensorDataset subset(int[] indices) {
        Batch b = batch(indices);
        return new TensorDataset(b.inputs(), b.targets());
    }
}

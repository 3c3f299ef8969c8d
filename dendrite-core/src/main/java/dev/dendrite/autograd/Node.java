package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

/**
 * One recorded op in the graph: its inputs, the tensors it saved, and its vector-Jacobian product.
 */
public final class Node {
    /** Maps the gradient of the op's output to the gradients of its inputs (null entries: no gradient). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String op;
    private final Tensor[] inputs;
    private final SavedTensor[] saved;
    private final Backward backward;

    Node(String op, Tensor[] inputs, SavedTensor[] saved, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.saved = saved;
        this.backward = backward;
    }

    public String op() {
        return op;
    }

    Tensor[] inputs() {
        return inputs;
    }

    Tensor[] apply(Tensor gradOutput) {
        return backward.apply(gradOutput);
    }

    void release() {
        for (SavedTensor s : saved) {
            s.release();
        }
    }
}

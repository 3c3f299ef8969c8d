package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

/**
 * A tensor an op keeps for its backward, with the storage version at the time it was saved, so a later in-place
 * write is caught instead of silently giving a wrong gradient.
 */
public final class SavedTensor {
    private final String op;
    private final int version;
    private Tensor tensor;

    public SavedTensor(String op, Tensor tensor) {
        this.op = op;
        this.tensor = tensor;
        this.version = tensor.storage().version();
    }

    /** The saved tensor, checked against release and in-place modification. */
    public Tensor get() {
        if (tensor == null) {
            throw new AutogradException(op + ": trying to backward through the graph a second time, but the saved"
                    + " tensors were already freed; call backward(retainGraph = true) the first time");
        }
        int now = tensor.storage().version();
        if (now != version) {
            throw new AutogradException(op + ": a tensor saved for backward was modified by an in-place operation"
                    + " (version " + version + " when saved, " + now + " now); clone() it before the in-place write");
        }
        return tensor;
    }

    void release() {
        tensor = null;
    }
}

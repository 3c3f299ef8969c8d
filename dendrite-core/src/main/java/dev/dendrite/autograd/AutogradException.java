package dev.dendrite.autograd;

import dev.dendrite.tensor.DendriteException;

/**
 * Thrown for misuse of the autograd graph: backward twice through released buffers, a saved tensor modified in
 * place, backward on a non-scalar without a gradient, in-place writes to tensors that need grad.
 */
public final class AutogradException extends DendriteException {
    public AutogradException(String message) {
        super(message);
    }
}

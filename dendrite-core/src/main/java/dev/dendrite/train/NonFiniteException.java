package dev.dendrite.train;

import dev.dendrite.tensor.DendriteException;

/**
 * A loss or a model output that is NaN or infinite: training cannot go on from it and no metric may count it.
 */
public final class NonFiniteException extends DendriteException {
    public NonFiniteException(String message) {
        super(message);
    }
}

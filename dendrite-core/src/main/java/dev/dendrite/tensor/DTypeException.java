package dev.dendrite.tensor;

/**
 * Thrown when a tensor's element type does not fit an op, e.g. mixing FLOAT32 and FLOAT64 operands.
 */
public final class DTypeException extends DendriteException {
    public DTypeException(String message) {
        super(message);
    }
}

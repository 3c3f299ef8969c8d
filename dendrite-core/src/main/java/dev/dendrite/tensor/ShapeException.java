package dev.dendrite.tensor;

/**
 * Thrown when a tensor's shape does not fit an op, e.g. "matmul: cannot multiply (3, 4) by (5, 2): inner dimensions
 * 4 and 5 differ".
 */
public final class ShapeException extends DendriteException {
    public ShapeException(String message) {
        super(message);
    }
}

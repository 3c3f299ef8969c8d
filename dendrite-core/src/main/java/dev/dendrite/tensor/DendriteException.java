package dev.dendrite.tensor;

/**
 * Root of Dendrite's typed errors. Messages name the op or layer, what was expected, what was given, and a hint
 * where one helps.
 */
public class DendriteException extends RuntimeException {
    public DendriteException(String message) {
        super(message);
    }
}

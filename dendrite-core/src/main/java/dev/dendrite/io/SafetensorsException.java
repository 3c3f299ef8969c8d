package dev.dendrite.io;

import dev.dendrite.tensor.DendriteException;

/**
 * A safetensors file that cannot be read or written: the message names the file and the problem.
 */
public final class SafetensorsException extends DendriteException {
    public SafetensorsException(String message) {
        super(message);
    }
}

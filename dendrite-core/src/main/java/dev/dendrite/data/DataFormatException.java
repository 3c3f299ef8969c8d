package dev.dendrite.data;

import dev.dendrite.tensor.DendriteException;

/**
 * A data file that cannot be parsed: the message names the file and the byte offset or line.
 */
public final class DataFormatException extends DendriteException {
    public DataFormatException(String message) {
        super(message);
    }
}

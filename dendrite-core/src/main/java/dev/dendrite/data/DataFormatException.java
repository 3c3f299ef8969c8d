// A data file that cannot be parsed: the message names the file and the byte offset or line.
package dev.dendrite.data;

import dev.dendrite.tensor.DendriteException;

public final class DataFormatException extends DendriteException {
    public DataFormatException(String message) {
        super(message);
    }
}

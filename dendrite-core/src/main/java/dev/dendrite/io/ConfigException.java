package dev.dendrite.io;

import dev.dendrite.tensor.DendriteException;

/**
 * A configuration value that cannot be used: an unknown key, a value of the wrong form, or one the record refuses.
 * The message names the key and value and says what is expected.
 */
public final class ConfigException extends DendriteException {
    public ConfigException(String message) {
        super(message);
    }
}

package dev.dendrite.models.registry;

import dev.dendrite.tensor.Generator;

/**
 * A model that continues a text (dendrite generate).
 */
public interface TextGenerator extends Model {
    /**
     * {@code length} more tokens after {@code prompt}, sampled at {@code temperature} (0: most likely) from the
     * {@code topK} most likely (0: all).
     */
    String generate(String prompt, int length, double temperature, int topK, Generator g);
}

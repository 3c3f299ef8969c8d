package dev.dendrite.models.registry;

import dev.dendrite.tensor.Generator;

/**
 * A model that continues a text (dendrite generate).
 */
public interface TextGenerator extends Model {
    /** {@code length} more characters after {@code prompt}, sampled at {@code temperature} (0: most likely). */
    String generate(String prompt, int length, double temperature, Generator g);
}

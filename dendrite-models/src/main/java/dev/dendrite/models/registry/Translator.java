package dev.dendrite.models.registry;

import java.util.List;

/**
 * A model that translates a sentence (dendrite translate).
 */
public interface Translator extends Model {
    /**
     * The translation with the tokens it was read and written as, and for each output token its attention over the
     * source tokens (rows of weights summing to 1; all 0 for a model without attention).
     */
    record Translation(String text, List<String> sourceTokens, List<String> targetTokens, double[][] attention) {}

    /** Beam search of width {@code beam} (1: greedy), hypotheses ranked with length penalty exponent {@code alpha}. */
    Translation translate(String sentence, int beam, double alpha);
}

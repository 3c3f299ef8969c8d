package dev.dendrite.models.registry;

import java.util.List;

/**
 * A model that labels each token of a sentence (dendrite tag).
 */
public interface Tagger extends Model {
    /** One tag per token. */
    List<String> tag(List<String> tokens);
}

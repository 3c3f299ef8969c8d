package dev.dendrite.models.registry;

import java.util.List;

/**
 * A model that guesses a masked word (dendrite fill-mask).
 */
public interface MaskFiller extends Model {
    /** One candidate for the masked position and its probability. */
    record Candidate(String token, double probability) {}

    /** The {@code k} most likely tokens for the one [MASK] in {@code text}, most likely first. */
    List<Candidate> fillMask(String text, int k);
}

package dev.dendrite.models.registry;

import dev.dendrite.nn.Module;

/**
 * A model as the registry builds it: its module (whose parameters a checkpoint stores under "model."), and
 * optionally an example input shape for a layer-by-layer summary. Kinds add what they can do with it by
 * implementing TextGenerator, Tagger, ...
 */
public interface Model {
    Module module();

    /** The shape of a batch of one input (with the batch dim) when the module is a Layer; null otherwise. */
    default int[] exampleInput() {
        return null;
    }
}

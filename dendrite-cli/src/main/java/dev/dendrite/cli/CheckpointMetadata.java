// The metadata of a checkpoint that `dendrite train` wrote for one kind of model (char-lstm, tagger): read from
// the header alone, checked to be of that kind, and each value required by name, so a missing or foreign entry
// is a message naming the checkpoint and the key rather than a NumberFormatException.
package dev.dendrite.cli;

import dev.dendrite.io.Checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

final class CheckpointMetadata {
    private final Path checkpoint;
    private final String noun;
    private final Map<String, String> values;

    private CheckpointMetadata(Path checkpoint, String noun, Map<String, String> values) {
        this.checkpoint = checkpoint;
        this.noun = noun;
        this.values = values;
    }

    /**
     * The metadata of {@code checkpoint}, which must hold a {@code model}; {@code noun} names it in messages
     * ("tagger") and {@code howToTrain} tells how to get one.
     */
    static CheckpointMetadata read(Path checkpoint, String model, String noun, String howToTrain) throws IOException {
        Map<String, String> values = Checkpoint.metadata(checkpoint);
        if (!model.equals(values.get("model"))) {
            throw new IllegalArgumentException(checkpoint + " does not hold a " + noun + " (model: " + values.get("model")
                    + "); " + howToTrain);
        }
        return new CheckpointMetadata(checkpoint, noun, values);
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(checkpoint + " lacks the " + noun + "'s '" + key + "' metadata; it was"
                    + " written by an earlier version: train the " + noun + " again");
        }
        return value;
    }

    int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    double getDouble(String key) {
        return Double.parseDouble(get(key));
    }
}

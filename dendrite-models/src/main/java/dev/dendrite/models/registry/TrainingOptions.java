package dev.dendrite.models.registry;

import dev.dendrite.io.ConfigException;
import dev.dendrite.optim.Optimizers;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What every kind's training takes besides its own config: the data (a spec such as digits, mnist:DIR or
 * text:FILE), the seed of every random choice, the batch size, the optimizer by name with its learning rate, and
 * the k of top-k accuracy for classifiers, and the checkpoint whose weights a kind starts from ("" for none: only
 * kinds that fine-tune, such as bert-classifier, read it).
 */
public record TrainingOptions(String data, long seed, int batchSize, String optimizer, double lr, int topK,
                              String init) {
    public TrainingOptions {
        if (batchSize < 1) {
            throw new ConfigException("batch size must be at least 1, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new ConfigException("learning rate must be a positive number, got " + lr);
        }
        if (topK < 1) {
            throw new ConfigException("top-k must be at least 1, got " + topK);
        }
        Optimizers.check(optimizer);
        if (init == null) {
            throw new ConfigException("init must name a checkpoint or be empty, got null");
        }
    }

    /** Options that start from no checkpoint. */
    public TrainingOptions(String data, long seed, int batchSize, String optimizer, double lr, int topK) {
        this(data, seed, batchSize, optimizer, lr, topK, "");
    }

    /** The same options with the data's path made absolute, so a checkpoint finds its data from any directory. */
    public TrainingOptions withAbsoluteData() {
        int colon = data.indexOf(':');
        if (colon < 0 || colon == data.length() - 1) {
            return this;
        }
        try {
            return withData(data.substring(0, colon + 1) + Path.of(data.substring(colon + 1)).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new ConfigException("data '" + data + "': '" + data.substring(colon + 1) + "' is not a valid path");
        }
    }

    /** The same options reading {@code data}. */
    public TrainingOptions withData(String data) {
        return new TrainingOptions(data, seed, batchSize, optimizer, lr, topK, init);
    }
}

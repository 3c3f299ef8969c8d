// What every kind's training takes besides its own config: the data (a spec such as digits, mnist:DIR or
// text:FILE), the seed of every random choice, the batch size, the optimizer by name with its learning rate,
// and the k of top-k accuracy for classifiers.
package dev.dendrite.models.registry;

import dev.dendrite.io.ConfigException;
import dev.dendrite.optim.Optimizers;

public record TrainingOptions(String data, long seed, int batchSize, String optimizer, double lr, int topK) {
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
    }

    /** The same options reading {@code data}. */
    public TrainingOptions withData(String data) {
        return new TrainingOptions(data, seed, batchSize, optimizer, lr, topK);
    }
}

package dev.dendrite.train;

import java.util.Map;

/**
 * Named values measured on some number of items (samples, characters, tokens): what one training step returns. An
 * epoch's value of each name is the item-weighted mean of its steps.
 */
public record Metrics(long items, Map<String, Double> values) {
    public Metrics {
        if (items < 0) {
            throw new IllegalArgumentException("Metrics: items must be >= 0, got " + items);
        }
        values = Map.copyOf(values);
    }

    /** The metrics of one step with a loss only. */
    public static Metrics loss(long items, double loss) {
        return new Metrics(items, Map.of("loss", loss));
    }
}

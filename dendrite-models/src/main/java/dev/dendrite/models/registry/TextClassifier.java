package dev.dendrite.models.registry;

import java.util.Map;

/** A model that gives a text one of its labels (dendrite classify). */
public interface TextClassifier extends Model {
    /** The most likely label, its probability, and every label's probability. */
    record Prediction(String label, double probability, Map<String, Double> probabilities) {}

    Prediction classify(String text);
}

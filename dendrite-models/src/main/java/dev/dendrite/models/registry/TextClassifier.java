package dev.dendrite.models.registry;

import java.util.List;
import java.util.Map;

/** A model that gives a text one of its labels (dendrite classify). */
public interface TextClassifier extends Model {
    /** The most likely label, its probability, and every label's probability. */
    record Prediction(String label, double probability, Map<String, Double> probabilities) {
        /** The prediction of class probabilities {@code p}, class k named {@code labels.get(k)}. */
        public static Prediction of(List<String> labels, double[] p) {
            Map<String, Double> all = new java.util.LinkedHashMap<>();
            int best = 0;
            for (int k = 0; k < p.length; k++) {
                all.put(labels.get(k), p[k]);
                best = p[k] > p[best] ? k : best;
            }
            return new Prediction(labels.get(best), p[best], all);
        }
    }

    Prediction classify(String text);

    /** A word of the text with the attention the model gave it within its sentence, and its sentence's weight. */
    record Attention(String word, int sentence, double weight, double sentenceWeight) {}

    /** The attention behind the prediction, word by word; empty for a model without attention. */
    default List<Attention> explain(String text) {
        return List.of();
    }
}

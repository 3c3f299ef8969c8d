// How metrics read on the console: accuracies as percentages, losses and others with four decimals.
package dev.dendrite.cli;

import java.util.Map;
import java.util.TreeMap;

final class Format {
    private Format() {}

    static String value(String name, double v) {
        return name.endsWith("accuracy") ? String.format("%.2f%%", 100 * v) : String.format("%.4f", v);
    }

    /** "loss 0.1234, accuracy 97.50%" with {@code prefix} before each name. */
    static String metrics(String prefix, Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(prefix).append(k).append(' ')
                .append(value(k, v)));
        return sb.toString();
    }
}

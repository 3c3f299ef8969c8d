// The models the CLI can build by name, all taking flattened inputs: perceptron (one fully connected layer,
// softmax regression), mlp (hidden layers with ReLU, sizes from --hidden, optional dropout after each) and
// xor (2-4-2 with tanh).
package dev.dendrite.cli;

import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.tensor.Generator;

import java.util.Arrays;
import java.util.Map;

record ModelSpec(String name, int[] hidden, double dropout) {
    static final String NAMES = "perceptron, mlp, xor";

    static ModelSpec parse(String name, String hidden) {
        int[] sizes = hidden == null || hidden.isBlank() ? new int[0]
                : Arrays.stream(hidden.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        return switch (name) {
            case "perceptron" -> new ModelSpec(name, new int[0], 0);
            case "mlp" -> new ModelSpec(name, sizes.length == 0 ? new int[] {256, 128} : sizes, 0);
            case "xor" -> new ModelSpec(name, new int[] {4}, 0);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; available: " + NAMES);
        };
    }

    ModelSpec withDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        return new ModelSpec(name, hidden, p);
    }

    static ModelSpec fromMetadata(Map<String, String> metadata) {
        return parse(metadata.get("model"), metadata.get("hidden"))
                .withDropout(Double.parseDouble(metadata.getOrDefault("dropout", "0")));
    }

    Map<String, String> metadata() {
        return Map.of("model", name, "hidden", String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()),
                "dropout", Double.toString(dropout));
    }

    Sequential build(int inputs, int classes, Generator g) {
        Sequential model = new Sequential(new Flatten());
        int width = inputs;
        for (int h : hidden) {
            model.add(new Linear(width, h, g));
            model.add(name.equals("xor") ? new Tanh() : new ReLU());
            if (dropout > 0) {
                model.add(new Dropout(dropout, g));
            }
            width = h;
        }
        return model.add(new Linear(width, classes, g));
    }
}

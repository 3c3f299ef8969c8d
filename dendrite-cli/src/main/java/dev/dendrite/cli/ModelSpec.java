// The models the CLI can build by name, all taking flattened inputs: perceptron (one fully connected layer,
// softmax regression), mlp (hidden layers with ReLU, sizes from --hidden) and xor (2-4-2 with tanh).
package dev.dendrite.cli;

import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.tensor.Generator;

import java.util.Arrays;
import java.util.Map;

record ModelSpec(String name, int[] hidden) {
    static final String NAMES = "perceptron, mlp, xor";

    static ModelSpec parse(String name, String hidden) {
        int[] sizes = hidden == null || hidden.isBlank() ? new int[0]
                : Arrays.stream(hidden.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        return switch (name) {
            case "perceptron" -> new ModelSpec(name, new int[0]);
            case "mlp" -> new ModelSpec(name, sizes.length == 0 ? new int[] {256, 128} : sizes);
            case "xor" -> new ModelSpec(name, new int[] {4});
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; available: " + NAMES);
        };
    }

    static ModelSpec fromMetadata(Map<String, String> metadata) {
        return parse(metadata.get("model"), metadata.get("hidden"));
    }

    Map<String, String> metadata() {
        return Map.of("model", name, "hidden", String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()));
    }

    Sequential build(int inputs, int classes, Generator g) {
        Sequential model = new Sequential(new Flatten());
        int width = inputs;
        for (int h : hidden) {
            model.add(new Linear(width, h, g));
            model.add(name.equals("xor") ? new Tanh() : new ReLU());
            width = h;
        }
        return model.add(new Linear(width, classes, g));
    }
}

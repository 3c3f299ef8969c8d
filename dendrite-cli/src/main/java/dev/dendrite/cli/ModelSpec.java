// The models the CLI can build by name: perceptron (one fully connected layer, softmax regression), mlp (hidden
// layers with ReLU, sizes from --hidden, optional dropout after each), xor (2-4-2 with tanh), which flatten their
// inputs; and the image models lenet (LeNet-5) and alexnet-small, which take (C, H, W) samples.
package dev.dendrite.cli;

import dev.dendrite.models.AlexNet;
import dev.dendrite.models.LeNet5;
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
    static final String NAMES = "perceptron, mlp, xor, lenet, alexnet-small, char-lstm (with --data text:FILE),"
            + " tagger (with --data brown:FILE)";

    static ModelSpec parse(String name, String hidden) {
        int[] sizes = hidden == null || hidden.isBlank() ? new int[0]
                : Arrays.stream(hidden.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        return switch (name) {
            case "perceptron" -> new ModelSpec(name, new int[0], 0);
            case "mlp" -> new ModelSpec(name, sizes.length == 0 ? new int[] {256, 128} : sizes, 0);
            case "xor" -> new ModelSpec(name, new int[] {4}, 0);
            case "lenet", "alexnet-small" -> new ModelSpec(name, new int[0], 0);
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

    /** The model for samples of shape {@code sample} (without the batch dim). */
    Sequential build(int[] sample, int classes, Generator g) {
        if (name.equals("lenet") || name.equals("alexnet-small")) {
            if (sample.length != 3) {
                throw new IllegalArgumentException("model '" + name + "' needs image samples (C, H, W), but the data has "
                        + java.util.Arrays.toString(sample) + "; use digits, mnist:DIR or idx:DIR");
            }
            return name.equals("lenet") ? LeNet5.create(sample[0], sample[1], sample[2], classes, g)
                    : AlexNet.small(sample[0], sample[1], sample[2], classes, g);
        }
        int inputs = java.util.Arrays.stream(sample).reduce(1, (a, b) -> a * b);
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

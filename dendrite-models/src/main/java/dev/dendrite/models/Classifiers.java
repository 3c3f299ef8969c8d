package dev.dendrite.models;

import dev.dendrite.io.ConfigException;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.tensor.Generator;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The classifier kinds of the registry: perceptron (one fully connected layer, softmax regression), mlp (hidden
 * layers with ReLU and optional dropout), xor (one tanh hidden layer), which flatten their inputs; lenet (LeNet-5)
 * and alexnet-small, which take (C, H, W) images.
 */
public final class Classifiers {
    private Classifiers() {}

    /** A kind without options. */
    public record NoOptions() {}

    /** mlp: the hidden layer sizes and the dropout probability after each hidden layer. */
    public record MlpConfig(int[] hidden, double dropout) {
        public MlpConfig {
            if (Arrays.stream(hidden).anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("hidden layer sizes must be at least 1, got " + Arrays.toString(hidden));
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }
    }

    /** xor: the width of the tanh hidden layer. */
    public record XorConfig(int hidden) {
        public XorConfig {
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden must be at least 1, got " + hidden);
            }
        }
    }

    public static final ClassifierKind<NoOptions> PERCEPTRON = new ClassifierKind<>("perceptron",
            "one fully connected layer (softmax regression)", new NoOptions(),
            (c, shape, g) -> dense(shape, new int[0], 0, ReLU::new, g));

    public static final ClassifierKind<MlpConfig> MLP = new ClassifierKind<>("mlp",
            "fully connected layers with ReLU", new MlpConfig(new int[] {256, 128}, 0),
            (c, shape, g) -> dense(shape, c.hidden(), c.dropout(), ReLU::new, g));

    public static final ClassifierKind<XorConfig> XOR = new ClassifierKind<>("xor",
            "one tanh hidden layer (2-4-2 for the XOR table)", new XorConfig(4),
            (c, shape, g) -> dense(shape, new int[] {c.hidden()}, 0, Tanh::new, g));

    public static final ClassifierKind<NoOptions> LENET = new ClassifierKind<>("lenet",
            "LeNet-5 for (C, H, W) images of at least 12x12", new NoOptions(),
            (c, shape, g) -> {
                int[] s = image("lenet", shape);
                return LeNet5.create(s[0], s[1], s[2], shape.classes(), g);
            });

    public static final ClassifierKind<NoOptions> ALEXNET_SMALL = new ClassifierKind<>("alexnet-small",
            "AlexNet's design (ReLU, overlapping pooling, dropout) sized for small images", new NoOptions(),
            (c, shape, g) -> {
                int[] s = image("alexnet-small", shape);
                return AlexNet.small(s[0], s[1], s[2], shape.classes(), g);
            });

    private static int[] image(String kind, ClassifierKind.DataShape shape) {
        if (shape.sample().length != 3) {
            throw new ConfigException("model '" + kind + "' needs image samples (C, H, W), but the data has "
                    + Arrays.toString(shape.sample()) + "; use digits, mnist:DIR or idx:DIR");
        }
        return shape.sample();
    }

    /** Flatten, then Linear + activation (+ dropout) per hidden size, then Linear to the classes. */
    private static Sequential dense(ClassifierKind.DataShape shape, int[] hidden, double dropout,
                                    Supplier<Layer> activation, Generator g) {
        int width = Arrays.stream(shape.sample()).reduce(1, (a, b) -> a * b);
        Sequential model = new Sequential(new Flatten());
        for (int h : hidden) {
            model.add(new Linear(width, h, g));
            model.add(activation.get());
            if (dropout > 0) {
                model.add(new Dropout(dropout, g));
            }
            width = h;
        }
        return model.add(new Linear(width, shape.classes(), g));
    }
}

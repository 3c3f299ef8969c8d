package dev.dendrite.models;

import dev.dendrite.data.DataLoader;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.RecordCodec;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;
import dev.dendrite.train.ClassificationTask;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The registry's side of a classifier over labelled tensors (ClassificationData): what it learns from the data is
 * the sample shape and the number of classes; it trains as a ClassificationTask (cross-entropy, the held-out test
 * split for loss, accuracy and top-k accuracy).
 */
public final class ClassifierKind<C extends Record> extends ModelKind<C, ClassifierKind.DataShape> {
    /** What the data defines: the shape of one sample (without the batch dim) and the number of classes. */
    public record DataShape(int[] sample, int classes) {
        public DataShape {
            if (sample.length == 0 || classes < 1) {
                throw new IllegalArgumentException("a sample needs at least one dim and a data set one class, got "
                        + Arrays.toString(sample) + " and " + classes);
            }
        }
    }

    /** Builds the network for a config and a data shape, drawing its initial weights from {@code g}. */
    @FunctionalInterface
    public interface Network<C> {
        Sequential build(C config, DataShape shape, Generator g);
    }

    /** A classifier network: a Sequential from samples to logits. */
    public record Classifier(Sequential module, DataShape shape) implements Model {
        @Override
        public int[] exampleInput() {
            int[] dims = new int[shape.sample().length + 1];
            dims[0] = 1;
            System.arraycopy(shape.sample(), 0, dims, 1, shape.sample().length);
            return dims;
        }
    }

    private final Network<C> network;

    public ClassifierKind(String name, String description, C defaults, Network<C> network) {
        super(name, description, ClassificationData.FORMS, "digits", defaults, DataShape.class);
        this.network = network;
    }

    @Override
    protected Built<DataShape> build(C config, DataShape fitted, TrainingOptions options) throws IOException {
        ClassificationData data = ClassificationData.load(options.data(), options.seed());
        DataShape shape = new DataShape(data.sample(), data.classes());
        if (fitted != null) {
            if (!Arrays.equals(fitted.sample(), shape.sample()) || shape.classes() > fitted.classes()) {
                throw new ConfigException("data '" + options.data() + "' has samples of shape "
                        + Arrays.toString(shape.sample()) + " and " + shape.classes() + " classes, but the model was"
                        + " trained on " + Arrays.toString(fitted.sample()) + " and " + fitted.classes());
            }
            shape = fitted;
        }
        Generator g = new Generator(options.seed());
        Sequential net = network.build(config, shape, g);
        Optimizer optimizer = Optimizers.create(options.optimizer(), net.parameters(), options.lr());
        ClassificationTask task = new ClassificationTask(net, optimizer, g,
                new DataLoader(data.train(), options.batchSize(), true, false, options.seed(), 2),
                new ClassificationTask.Evaluation(data.test(), "test", shape.classes(), options.topK()));
        return new Built<>(shape, new Classifier(net, shape), task);
    }

    /** The network with the defaults overridden by {@code settings}, for a data shape (benchmarks use it). */
    public Sequential network(Map<String, String> settings, DataShape shape, Generator g) {
        return network.build(RecordCodec.decode(defaults(), settings), shape, g);
    }

    @Override
    protected Model model(C config, DataShape fitted) {
        return new Classifier(network.build(config, fitted, new Generator(0)), fitted);
    }
}

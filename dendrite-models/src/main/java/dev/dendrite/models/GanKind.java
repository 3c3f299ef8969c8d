package dev.dendrite.models;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.util.List;

/**
 * The registry's gan and dcgan: a {@link Gan} trained on the images of digits, mnist:DIR or idx:DIR (scaled to
 * [-1, 1]) by a {@link GanTask}, both networks with Adam at lr 2e-4 and beta1 0.5 unless told otherwise (Radford
 * et al.); --set conditional=true makes it draw the digit it is asked for, label-smoothing=0.1 makes the
 * discriminator's real target 0.9 (one-sided). The dcgan's dense layers of 1024 (Chen et al.'s MNIST networks) are
 * its default; dense=0 gives Radford et al.'s all-convolutional pair.
 */
public final class GanKind extends ModelKind<GanKind.Config, GanKind.Fitted> {
    /** Noise size, base feature maps and dense width (dcgan), conditional or not, one-sided label smoothing. */
    public record Config(int noise, int features, int dense, boolean conditional, double labelSmoothing) {
        public Config {
            if (noise < 1 || features < 1 || dense < 0 || !(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
                throw new IllegalArgumentException("noise and features must be >= 1, dense >= 0 and label-smoothing in"
                        + " [0, 0.5), got " + this);
            }
        }
    }

    /** The image shape and the classes of the data. */
    public record Fitted(int channels, int height, int width, int classes) {}

    /** A trained GAN as an image generator. */
    public record GanModel(Gan module) implements ImageGenerator {
        @Override
        public int noiseSize() {
            return module.config().noise();
        }

        @Override
        public int classes() {
            return module.config().classes();
        }

        @Override
        public Tensor generate(Tensor noise, Tensor labels) {
            if (classes() > 0 && labels == null) {
                throw new ConfigException("this GAN is conditional: name the class to draw (0 to " + (classes() - 1) + ")");
            }
            try (var _ = module.evaluating()) {
                return module.generator().forward(noise, classes() > 0 ? labels : null).add(1).mul(0.5);
            }
        }
    }

    public static final GanKind MLP = new GanKind("gan", "mlp", 0,
            "GAN with fully connected generator and discriminator (sample)");
    public static final GanKind DCGAN = new GanKind("dcgan", "dcgan", 1024,
            "DCGAN: transposed-convolution generator, strided-convolution discriminator (sample)");

    private final String architecture;

    private GanKind(String name, String architecture, int dense, String description) {
        super(name, description, "digits | mnist:DIR | idx:DIR", null, new Config(100, 64, dense, false, 0),
                Fitted.class);
        this.architecture = architecture;
    }

    @Override
    public double defaultLr() {
        return 2e-4;
    }

    @Override
    protected Built<Fitted> build(Config config, Fitted fitted, TrainingOptions options) throws IOException {
        ClassificationData data = ClassificationData.load(options.data(), options.seed());
        if (data.sample().length != 3) {
            throw new ConfigException(name() + " draws images: use --data digits, mnist:DIR or idx:DIR, got '"
                    + options.data() + "' with samples of shape " + java.util.Arrays.toString(data.sample()));
        }
        Fitted shape = fitted != null ? fitted
                : new Fitted(data.sample()[0], data.sample()[1], data.sample()[2], data.classes());
        Generator g = new Generator(options.seed());
        Gan gan = network(config, shape, g);
        GanTask task = new GanTask(gan, optimizer(options, gan.discriminator().parameters()),
                optimizer(options, gan.generator().parameters()), g, GanTask.toTanhRange(data.train()),
                GanTask.toTanhRange(data.test()), options.batchSize(), options.seed(), config.labelSmoothing());
        return new Built<>(shape, new GanModel(gan), task);
    }

    private static Optimizer optimizer(TrainingOptions options, List<Tensor> params) {
        return options.optimizer().equals("adam")
                ? new Adam(List.of(ParamGroup.of(params)), Adam.Options.DEFAULTS.withLr(options.lr()).withBetas(0.5, 0.999))
                : Optimizers.create(options.optimizer(), params, options.lr());
    }

    @Override
    protected Model model(Config config, Fitted fitted) {
        return new GanModel(network(config, fitted, new Generator(0)));
    }

    private Gan network(Config c, Fitted f, Generator g) {
        return new Gan(new Gan.Config(architecture, c.noise(), c.features(), c.dense(), c.conditional() ? f.classes() : 0,
                f.channels(), f.height(), f.width()), g);
    }
}

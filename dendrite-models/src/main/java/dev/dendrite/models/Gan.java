package dev.dendrite.models;

import dev.dendrite.nn.BatchNorm;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.ConvTranspose2d;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.LeakyReLU;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * A generative adversarial network (Goodfellow et al. 2014): a generator from noise (B, noise) to images
 * (B, C, H, W) in [-1, 1] (tanh) and a discriminator from images to one logit each (B), real against generated.
 * "mlp": both fully connected (256, 512 with LeakyReLU 0.2). "dcgan" (Radford et al. 2016): the generator is
 * transposed convolutions from 1 x 1 to H/4, H/2 and H (width 2w, w, C) with BatchNorm and ReLU, the discriminator
 * strided convolutions back down (w, 2w, then one H/4 x H/4 filter) with LeakyReLU 0.2 and BatchNorm, no biases,
 * weights N(0, 0.02) and BatchNorm scales N(1, 0.02). With a dense width d &gt; 0 (Chen et al. 2016's MNIST
 * networks for InfoGAN) the generator instead projects its input through two fully connected layers (d, then 2w x
 * H/4 x W/4, each with BatchNorm and ReLU) to the H/4 x W/4 maps it then upsamples twice, and the discriminator
 * ends in a fully connected layer of d (BatchNorm, LeakyReLU) and a linear logit with a bias. Conditional (classes
 * &gt; 0, Mirza &amp; Osindero 2014): the generator's noise is joined by a learned embedding of the label, the
 * discriminator's image by a learned H x W map of it as one more channel.
 */
public final class Gan extends Module {
    /**
     * Architecture (mlp or dcgan), noise size, base feature maps w, dense width d (dcgan; 0: all convolutional),
     * classes (0: unconditional), image C, H, W.
     */
    public record Config(String architecture, int noise, int features, int dense, int classes, int channels, int height,
                         int width) {
        public Config {
            if (!(architecture.equals("mlp") || architecture.equals("dcgan")) || noise < 1 || features < 1 || dense < 0
                    || classes < 0 || channels < 1 || height < 4 || width < 4) {
                throw new IllegalArgumentException("gan: architecture mlp or dcgan, noise and features >= 1, dense >= 0,"
                        + " classes >= 0, images of at least 4 x 4; got " + this);
            }
            if (architecture.equals("mlp") && dense > 0) {
                throw new IllegalArgumentException("gan: dense is the dcgan's fully connected width; the mlp has its own,"
                        + " got dense=" + dense);
            }
            if (architecture.equals("dcgan") && (height % 4 != 0 || width % 4 != 0)) {
                throw new ShapeException("dcgan: images must be a multiple of 4 high and wide (it upsamples x2 twice),"
                        + " got " + height + " x " + width);
            }
        }

        /** The dcgan's 2w maps of H/4 x W/4 flattened: the size its dense layers meet. */
        int quarterMaps() {
            return 2 * features * (height / 4) * (width / 4);
        }
    }

    /** The generator: noise (and label) to images. */
    public static final class GeneratorNet extends Module {
        private final Config config;
        private final Sequential projection;
        private final Sequential body;
        private final Embedding labels;

        GeneratorNet(Config c, Generator g) {
            config = c;
            int in = c.noise() + c.classes();
            projection = c.dense() == 0 ? null : registerModule("projection", new Sequential(
                    new Linear(in, c.dense(), false, g), new BatchNorm(c.dense()), new ReLU(),
                    new Linear(c.dense(), c.quarterMaps(), false, g), new BatchNorm(c.quarterMaps()), new ReLU()));
            body = registerModule("body", c.architecture().equals("mlp")
                    ? new Sequential(new Linear(in, 256, g), new LeakyReLU(0.2), new Linear(256, 512, g),
                            new LeakyReLU(0.2), new Linear(512, c.channels() * c.height() * c.width(), g), new Tanh())
                    : upsampling(c, in, g));
            labels = c.classes() > 0 ? registerModule("labels", new Embedding(c.classes(), c.classes(), g)) : null;
        }

        /** From 1 x 1 (without a projection) or H/4 x W/4 to H x W: transposed convolutions, BatchNorm, ReLU. */
        private static Sequential upsampling(Config c, int in, Generator g) {
            Sequential net = new Sequential();
            if (c.dense() == 0) {
                net.add(new ConvTranspose2d(in, 2 * c.features(), new int[] {c.height() / 4, c.width() / 4},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, 1, false, g))
                        .add(new BatchNorm(2 * c.features())).add(new ReLU());
            }
            return net.add(new ConvTranspose2d(2 * c.features(), c.features(), 4, 2, 1, false, g))
                    .add(new BatchNorm(c.features())).add(new ReLU())
                    .add(new ConvTranspose2d(c.features(), c.channels(), 4, 2, 1, false, g)).add(new Tanh());
        }

        /** Images (B, C, H, W) from noise (B, noise) and labels (B) INT64, or null when unconditional. */
        public Tensor forward(Tensor noise, Tensor label) {
            Tensor in = labels == null ? noise : Tensor.cat(java.util.List.of(noise, labels.forward(label)), 1);
            int b = in.size(0);
            if (config.architecture().equals("mlp")) {
                return body.forward(in).reshape(b, config.channels(), config.height(), config.width());
            }
            return body.forward(projection == null ? in.reshape(b, in.size(1), 1, 1)
                    : projection.forward(in).reshape(b, 2 * config.features(), config.height() / 4, config.width() / 4));
        }
    }

    /** The discriminator: images (and label) to one logit each. */
    public static final class DiscriminatorNet extends Module {
        private final Config config;
        private final Sequential body;
        private final Embedding labels;

        DiscriminatorNet(Config c, Generator g) {
            config = c;
            int in = c.channels() + (c.classes() > 0 ? 1 : 0);
            body = registerModule("body", c.architecture().equals("mlp")
                    ? new Sequential(new Flatten(), new Linear(in * c.height() * c.width(), 512, g), new LeakyReLU(0.2),
                            new Linear(512, 256, g), new LeakyReLU(0.2), new Linear(256, 1, g))
                    : downsampling(c, in, g));
            labels = c.classes() > 0 ? registerModule("labels", new Embedding(c.classes(), c.height() * c.width(), g))
                    : null;
        }

        /** Strided convolutions to H/4 x W/4, then one filter over it or a dense layer, to one logit. */
        private static Sequential downsampling(Config c, int in, Generator g) {
            Sequential net = new Sequential(new Conv2d(in, c.features(), new int[] {4, 4}, new int[] {2, 2},
                    Padding.of(1, 1), new int[] {1, 1}, 1, false, g), new LeakyReLU(0.2),
                    new Conv2d(c.features(), 2 * c.features(), new int[] {4, 4}, new int[] {2, 2}, Padding.of(1, 1),
                            new int[] {1, 1}, 1, false, g), new BatchNorm(2 * c.features()), new LeakyReLU(0.2));
            if (c.dense() > 0) {
                return net.add(new Flatten()).add(new Linear(c.quarterMaps(), c.dense(), false, g))
                        .add(new BatchNorm(c.dense())).add(new LeakyReLU(0.2)).add(new Linear(c.dense(), 1, g));
            }
            return net.add(new Conv2d(2 * c.features(), 1, new int[] {c.height() / 4, c.width() / 4}, new int[] {1, 1},
                    Padding.of(0, 0), new int[] {1, 1}, 1, false, g)).add(new Flatten());
        }

        /** Logits (B) of images (B, C, H, W) with labels (B) INT64, or null when unconditional. */
        public Tensor forward(Tensor images, Tensor label) {
            if (images.rank() != 4 || images.size(1) != config.channels() || images.size(2) != config.height()
                    || images.size(3) != config.width()) {
                throw new ShapeException("gan discriminator: expected images (B, " + config.channels() + ", "
                        + config.height() + ", " + config.width() + "), got " + images.shape());
            }
            Tensor in = labels == null ? images : Tensor.cat(java.util.List.of(images, labels.forward(label)
                    .reshape(images.size(0), 1, config.height(), config.width())), 1);
            return body.forward(in).reshape(-1);
        }
    }

    private final Config config;
    private final GeneratorNet generator;
    private final DiscriminatorNet discriminator;

    public Gan(Config config, Generator g) {
        this.config = config;
        generator = registerModule("generator", new GeneratorNet(config, g));
        discriminator = registerModule("discriminator", new DiscriminatorNet(config, g));
        if (config.architecture().equals("dcgan")) {
            namedParameters().forEach((name, p) -> {
                if (name.endsWith("labels.weight")) {
                    return;
                }
                boolean norm = p.rank() == 1 && name.endsWith("weight");
                if (p.rank() == 1 && !norm) {
                    Init.constant(p, 0);
                } else {
                    Init.normal(p, norm ? 1 : 0, 0.02, g);
                }
            });
        }
    }

    public Config config() {
        return config;
    }

    public GeneratorNet generator() {
        return generator;
    }

    public DiscriminatorNet discriminator() {
        return discriminator;
    }
}

package dev.dendrite.models.bench;

import dev.dendrite.models.Gan;
import dev.dendrite.models.GanKind;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Reduction;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * The DCGAN figure of `dendrite bench dcgan` and step-side-by-side.sh dcgan: training images/s of the dcgan kind's
 * default network on MNIST-sized images (noise 100, dense layers of 1024, feature maps 64 and 128, 1 x 28 x 28),
 * batch 64 of random "real" images in [-1, 1]: one discriminator step (real and detached generated images) and one
 * generator step (non-saturating loss), each with Adam (lr 2e-4, betas 0.5 and 0.999), as GanTask trains.
 */
public final class DcganThroughput {
    public static final int BATCH = 64;
    /** The dcgan kind's default sizes (noise, feature maps, dense width), so the figure times what it trains. */
    private static final GanKind.Config NETWORK = GanKind.DCGAN.defaults();

    private DcganThroughput() {}

    /** The network timed, in words: its noise size, dense width and feature maps. */
    public static String network() {
        return "noise " + NETWORK.noise() + ", dense " + NETWORK.dense() + ", " + NETWORK.features() + "/"
                + 2 * NETWORK.features() + " feature maps, 28 x 28";
    }

    /** Images/s of the alternating training step. */
    public static Throughput.Speed training(double seconds) {
        Generator g = new Generator(0);
        Gan gan = new Gan(new Gan.Config("dcgan", NETWORK.noise(), NETWORK.features(), NETWORK.dense(), 0, 1, 28, 28),
                g);
        Adam d = new Adam(List.of(ParamGroup.of(gan.discriminator().parameters())),
                Adam.Options.DEFAULTS.withLr(2e-4).withBetas(0.5, 0.999));
        Adam gen = new Adam(List.of(ParamGroup.of(gan.generator().parameters())),
                Adam.Options.DEFAULTS.withLr(2e-4).withBetas(0.5, 0.999));
        Tensor real = Tensor.uniform(g, -1, 1, DType.FLOAT32, BATCH, 1, 28, 28);
        Tensor ones = Tensor.ones(BATCH);
        Tensor zeros = Tensor.zeros(BATCH);
        gan.train();
        double step = Timing.medianSeconds(() -> {
            Tensor fake = gan.generator().forward(Tensor.randn(g, BATCH, NETWORK.noise()), null);
            d.zeroGrad();
            F.binaryCrossEntropyWithLogits(gan.discriminator().forward(real, null), ones, Reduction.MEAN)
                    .add(F.binaryCrossEntropyWithLogits(gan.discriminator().forward(fake.detach(), null), zeros,
                            Reduction.MEAN)).backward();
            d.step();
            gen.zeroGrad();
            F.binaryCrossEntropyWithLogits(gan.discriminator().forward(fake, null), ones, Reduction.MEAN).backward();
            gen.step();
        }, 3, seconds);
        return new Throughput.Speed(BATCH / step, step, Double.NaN);
    }
}

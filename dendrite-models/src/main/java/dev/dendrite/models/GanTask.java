package dev.dendrite.models;

import dev.dendrite.data.Batch;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Reduction;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GAN as a training task with two named optimizers: each batch of real images (scaled to [-1, 1]) first updates
 * the discriminator ("discriminator": binary cross-entropy of its logits on the real images against 1 - label
 * smoothing and on generated ones, detached, against 0), then the generator ("generator": the non-saturating loss,
 * cross-entropy of the discriminator's logits on the same generated images against 1). Noise and, for a
 * conditional GAN, the generated images' labels come from the task's seeded generator; the last short batch is
 * dropped (BatchNorm needs more than one image). The evaluation reports the discriminator's mean probabilities on
 * up to 1,000 held-out real images and as many generated ones.
 */
public final class GanTask implements Task {
    private final Gan model;
    private final Optimizer discriminatorOptimizer;
    private final Optimizer generatorOptimizer;
    private final Generator generator;
    private final TensorDataset train;
    private final TensorDataset test;
    private final int batchSize;
    private final long seed;
    private final double labelSmoothing;

    public GanTask(Gan model, Optimizer discriminatorOptimizer, Optimizer generatorOptimizer, Generator generator,
                   TensorDataset train, TensorDataset test, int batchSize, long seed, double labelSmoothing) {
        if (batchSize < 2 || train.size() < batchSize) {
            throw new IllegalArgumentException("gan: the batch size must be at least 2 and at most the " + train.size()
                    + " training images, got " + batchSize);
        }
        this.model = model;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.generatorOptimizer = generatorOptimizer;
        this.generator = generator;
        this.train = train;
        this.test = test;
        this.batchSize = batchSize;
        this.seed = seed;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public TrainingState state() {
        return new TrainingState(Map.of("model", model), Map.of("discriminator", discriminatorOptimizer, "generator",
                generatorOptimizer), Map.of("noise", generator));
    }

    @Override
    public int batchesPerEpoch() {
        return train.size() / batchSize;
    }

    @Override
    public String items() {
        return "images";
    }

    /** Labels for {@code count} generated images: uniform over the classes, or null for an unconditional GAN. */
    private Tensor randomLabels(int count) {
        int classes = model.config().classes();
        if (classes == 0) {
            return null;
        }
        long[] labels = new long[count];
        for (int i = 0; i < count; i++) labels[i] = generator.nextInt(classes);
        return Tensor.fromArray(labels, count);
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        int[] order = Splits.random(train.size(), seed + 1_000_003L * epoch, 1.0)[0];
        boolean conditional = model.config().classes() > 0;
        return (b, optimization) -> {
            Batch real = train.batch(java.util.Arrays.copyOfRange(order, b * batchSize, (b + 1) * batchSize));
            Tensor realLabels = conditional ? real.targets() : null;
            Tensor noise = Tensor.randn(generator, batchSize, model.config().noise());
            Tensor fakeLabels = randomLabels(batchSize);
            Tensor fake = model.generator().forward(noise, fakeLabels);

            Tensor onReal = model.discriminator().forward(real.inputs(), realLabels);
            Tensor onFake = model.discriminator().forward(fake.detach(), fakeLabels);
            Tensor dLoss = F.binaryCrossEntropyWithLogits(onReal, Tensor.full(1 - labelSmoothing, DType.FLOAT32, batchSize),
                    Reduction.MEAN).add(F.binaryCrossEntropyWithLogits(onFake, Tensor.zeros(batchSize), Reduction.MEAN));
            optimization.minimize("discriminator", dLoss);

            Tensor gLoss = F.binaryCrossEntropyWithLogits(model.discriminator().forward(fake, fakeLabels),
                    Tensor.ones(batchSize), Reduction.MEAN);
            optimization.minimize("generator", gLoss);
            return new Metrics(batchSize, Map.of("d_loss", dLoss.item(), "g_loss", gLoss.item(),
                    "d_real", onReal.detach().sigmoid().mean().item(), "d_fake", onFake.detach().sigmoid().mean().item()));
        };
    }

    @Override
    public Map<String, Double> evaluate() {
        int n = Math.min(1000, test.size());
        int[] rows = java.util.stream.IntStream.range(0, n).toArray();
        Batch real = test.batch(rows);
        Map<String, Double> out = new LinkedHashMap<>();
        try (var _ = model.evaluating()) {
            Generator fixed = new Generator(seed + 7);
            Tensor noise = Tensor.randn(fixed, n, model.config().noise());
            Tensor labels = model.config().classes() > 0 ? real.targets() : null;
            Tensor fake = model.generator().forward(noise, labels);
            out.put("test_d_real", model.discriminator().forward(real.inputs(), labels).sigmoid().mean().item());
            out.put("test_d_fake", model.discriminator().forward(fake, labels).sigmoid().mean().item());
        }
        return out;
    }

    /** Real images from [0, 1] to the generator's tanh range [-1, 1]. */
    static TensorDataset toTanhRange(TensorDataset set) {
        return new TensorDataset(set.inputs().to(DType.FLOAT32).mul(2).sub(1), set.targets());
    }
}

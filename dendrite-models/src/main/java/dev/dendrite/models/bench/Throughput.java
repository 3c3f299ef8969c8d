package dev.dendrite.models.bench;

import dev.dendrite.models.CharLstm;
import dev.dendrite.models.TextCnn;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Sequential;
import dev.dendrite.ops.Padding;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.GradClip;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import java.util.List;

/**
 * How fast this machine runs the workloads `dendrite bench` reports and the side-by-side scripts compare with
 * PyTorch: float32 GEMM, conv2d forward + backward on AlexNet's shapes, a classifier's training step and batch-1
 * inference, and the character LSTM's training step. Each figure is a median over windows after warm-up (Timing).
 */
public final class Throughput {
    private Throughput() {}

    /** The GEMM sizes (M, K, N) of the benchmark table. */
    public static final int[][] GEMM_SIZES = {{32, 32, 32}, {64, 64, 64}, {128, 128, 128}, {256, 256, 256},
            {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}, {128, 784, 512}};

    /** A convolution of the benchmark: its name and (C_in, H, W, C_out, kernel, stride, padding). */
    public record ConvLayer(String name, int[] shape) {}

    /**
     * The convolutions `dendrite bench conv` and conv-side-by-side.sh measure: AlexNet's five (conv1..conv5), the
     * shapes of ResNet-18's basic blocks at 56 x 56 and 14 x 14 (3 x 3 stride 1, the stride-2 3 x 3 and 1 x 1
     * projection that enter the stage), and LeNet-5's two.
     */
    public static final List<ConvLayer> CONV_LAYERS = List.of(
            new ConvLayer("conv1", new int[] {3, 224, 224, 64, 11, 4, 2}),
            new ConvLayer("conv2", new int[] {64, 27, 27, 192, 5, 1, 2}),
            new ConvLayer("conv3", new int[] {192, 13, 13, 384, 3, 1, 1}),
            new ConvLayer("conv4", new int[] {384, 13, 13, 256, 3, 1, 1}),
            new ConvLayer("conv5", new int[] {256, 13, 13, 256, 3, 1, 1}),
            new ConvLayer("resnet56-3x3", new int[] {64, 56, 56, 64, 3, 1, 1}),
            new ConvLayer("resnet28-3x3s2", new int[] {64, 56, 56, 128, 3, 2, 1}),
            new ConvLayer("resnet28-1x1s2", new int[] {64, 56, 56, 128, 1, 2, 0}),
            new ConvLayer("resnet14-3x3", new int[] {256, 14, 14, 256, 3, 1, 1}),
            new ConvLayer("resnet14-3x3s2", new int[] {128, 28, 28, 256, 3, 2, 1}),
            new ConvLayer("resnet14-1x1s2", new int[] {128, 28, 28, 256, 1, 2, 0}),
            new ConvLayer("lenet-conv1", new int[] {1, 28, 28, 6, 5, 1, 2}),
            new ConvLayer("lenet-conv2", new int[] {6, 14, 14, 16, 5, 1, 0}));

    /** The character LSTM's benchmark shape: vocabulary, batch, steps per window. */
    public static final int CHAR_VOCABULARY = 65;
    public static final int CHAR_BATCH = 32;
    public static final int CHAR_STEPS = 100;

    /** A training step's throughput and its duration, and (for classifiers) the batch-1 inference latency. */
    public record Speed(double itemsPerSecond, double stepSeconds, double batch1Seconds) {}

    /**
     * Forward + backward GFLOP/s of one conv2d at batch 8, counting 3x the forward multiply-adds (forward, input
     * gradient, weight gradient).
     */
    public static double convGflops(int[] c, double seconds) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, 8, c[0], c[1], c[2]).requiresGrad(true);
        Tensor w = Tensor.randn(g, c[3], c[0], c[4], c[4]).mul(0.01).requiresGrad(true);
        Tensor b = Tensor.zeros(c[3]).requiresGrad(true);
        int[] s = {c[5], c[5]};
        int[] dilation = {1, 1};
        Padding p = Padding.of(c[6], c[6]);
        Tensor probe = F.conv2d(x.detach(), w.detach(), null, s, p, dilation, 1);
        Tensor cot = Tensor.ones(probe.dims());
        double flops = 3.0 * 2 * probe.numel() * c[0] * c[4] * c[4];
        double t = Timing.medianSeconds(() -> {
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
            F.conv2d(x, w, b, s, p, dilation, 1).backward(cot);
        }, 2, seconds);
        return flops / t / 1e9;
    }

    /** Samples/s of Adam training steps of {@code net} on random batches, and its batch-1 inference latency. */
    public static Speed classifier(Sequential net, int[] sample, int classes, int batchSize, double seconds) {
        Generator g = new Generator(0);
        Adam opt = new Adam(net.parameters(), 1e-3);
        int[] batchDims = new int[sample.length + 1];
        batchDims[0] = batchSize;
        System.arraycopy(sample, 0, batchDims, 1, sample.length);
        Tensor x = Tensor.randn(g, batchDims);
        Tensor y = Tensor.uniform(g, 0, classes, DType.FLOAT32, batchSize).to(DType.INT64);
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            F.crossEntropy(net.forward(x), y).backward();
            opt.step();
        }, 5, seconds);
        Tensor one = x.narrow(0, 0, 1);
        double latency = Timing.medianSeconds(() -> {
            try (var _ = net.evaluating()) {
                net.forward(one);
            }
        }, 2, seconds / 2);
        return new Speed(batchSize / step, step, latency);
    }

    /**
     * Tokens/s of the character LSTM's training step (embedding 64, one LSTM layer of 256, batch 32 x 100 steps;
     * Adam, clipping at norm 5) on random text.
     */
    public static Speed charLstm(double seconds) {
        Generator g = new Generator(0);
        CharLstm model = new CharLstm(new CharLstm.Config(CHAR_VOCABULARY, 64, 256, 1, 0), g);
        Adam opt = new Adam(model.parameters(), 2e-3);
        Tensor ids = Tensor.uniform(g, 0, CHAR_VOCABULARY, DType.FLOAT32, CHAR_BATCH, CHAR_STEPS + 1).to(DType.INT64);
        Tensor inputs = ids.narrow(1, 0, CHAR_STEPS).contiguous();
        Tensor targets = ids.narrow(1, 1, CHAR_STEPS).reshape(-1);
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(inputs, null).logits().reshape(-1, CHAR_VOCABULARY), targets).backward();
            GradClip.clipGradNorm(model.parameters(), 5);
            opt.step();
        }, 3, seconds);
        return new Speed(CHAR_BATCH * CHAR_STEPS / step, step, Double.NaN);
    }

    /** The TextCNN benchmark's vocabulary, batch and text length (IMDB-like: 20k words, 64 texts of 400 tokens). */
    public static final int TEXT_VOCABULARY = 20_000;
    public static final int TEXT_BATCH = 64;
    public static final int TEXT_LENGTH = 400;

    /**
     * Texts/s of Kim's TextCNN training step (embedding 128, filters 3/4/5 x 100 maps, dropout 0.5, two classes; Adam,
     * the embedding's gradient row-sparse) on random token ids.
     */
    public static Speed textCnn(double seconds) {
        Generator g = new Generator(0);
        TextCnn model = new TextCnn(TEXT_VOCABULARY, 128, new int[] {3, 4, 5}, 100, 0.5, 3, 2, g);
        Adam opt = new Adam(model.parameters(), 1e-3);
        Tensor ids = Tensor.uniform(g, 1, TEXT_VOCABULARY, DType.FLOAT32, TEXT_BATCH, TEXT_LENGTH).to(DType.INT64);
        Tensor labels = Tensor.uniform(g, 0, 2, DType.FLOAT32, TEXT_BATCH).to(DType.INT64);
        int[] lengths = new int[TEXT_BATCH];
        java.util.Arrays.fill(lengths, TEXT_LENGTH);
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(ids, lengths), labels).backward();
            opt.step();
        }, 3, seconds);
        return new Speed(TEXT_BATCH / step, step, Double.NaN);
    }
}

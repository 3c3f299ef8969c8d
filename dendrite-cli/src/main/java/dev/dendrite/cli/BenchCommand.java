// dendrite bench gemm | train | conv | char-lstm: measure this machine. gemm reports float32 GFLOP/s of
// Tensor.matmul; train reports training samples/s of a model with Adam on random data and the batch-1 inference
// latency; conv reports forward+backward GFLOP/s of conv2d on AlexNet's five convolution shapes at batch 8;
// char-lstm reports training tokens/s of the character LSTM (embedding 64, one LSTM layer of 256, vocabulary 65,
// batch 32, 100 steps; Adam, clipping at norm 5) on random text.
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.RecordCodec;
import dev.dendrite.models.CharLstm;
import dev.dendrite.models.ClassifierKind;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.GradClip;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark this machine: gemm, train, conv or char-lstm.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "gemm, train, conv or char-lstm")
    String what;
    @Option(names = "--model", defaultValue = "mlp", description = "train: a classifier kind (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--set", defaultValue = "hidden=512,256", description = "train: the kind's options (default: ${DEFAULT-VALUE}; ignored by kinds without them)")
    String settings;
    @Option(names = "--sample", defaultValue = "784", description = "train: sample shape, e.g. 784 for mlp or 1x28x28 for lenet (default: ${DEFAULT-VALUE})")
    String sample;
    @Option(names = "--classes", defaultValue = "10", description = "train: number of classes (default: ${DEFAULT-VALUE})")
    int classes;
    @Option(names = "--batch-size", defaultValue = "128", description = "train: batch size (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--seconds", defaultValue = "3", description = "measurement time per figure (default: ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--json", description = "print one JSON object with the results to stdout")
    boolean json;

    /** The GEMM sizes (M, K, N) of the benchmark table. */
    public static final int[][] GEMM_SIZES = {{32, 32, 32}, {64, 64, 64}, {128, 128, 128}, {256, 256, 256},
            {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}, {128, 784, 512}};

    @Override
    public Integer call() {
        return switch (what) {
            case "gemm" -> gemm();
            case "train" -> train();
            case "conv" -> conv();
            case "char-lstm" -> charLstm();
            default -> throw new IllegalArgumentException("bench: unknown benchmark '" + what
                    + "'; use gemm, train, conv or char-lstm");
        };
    }

    /**
     * GFLOP/s of a float32 (m x k) by (k x n) product, after 3 s of warm-up: on two cores the JIT compiles on one
     * of them for the first seconds, and a shorter warm-up (0.7 s) left some processes at 60 % of their speed.
     */
    public static double gemmGflops(int m, int k, int n, double seconds) {
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, m, k);
        Tensor b = Tensor.randn(g, k, n);
        return 2.0 * m * k * n / Timing.medianSeconds(() -> a.matmul(b), 3, seconds) / 1e9;
    }

    private int gemm() {
        List<Object> rows = new ArrayList<>();
        for (int[] s : GEMM_SIZES) {
            double gflops = gemmGflops(s[0], s[1], s[2], seconds / 4);
            rows.add(new JsonObject().put("m", s[0]).put("k", s[1]).put("n", s[2]).put("gflops", gflops));
            if (!json) {
                System.out.printf("%5d x %5d x %5d: %7.1f GFLOP/s%n", s[0], s[1], s[2], gflops);
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "gemm").put("results", rows));
        }
        return 0;
    }

    /** AlexNet's convolutions as (C_in, H, W, C_out, kernel, stride, padding). */
    public static final int[][] ALEXNET_CONVS = {{3, 224, 224, 64, 11, 4, 2}, {64, 27, 27, 192, 5, 1, 2},
            {192, 13, 13, 384, 3, 1, 1}, {384, 13, 13, 256, 3, 1, 1}, {256, 13, 13, 256, 3, 1, 1}};

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
        dev.dendrite.ops.Padding p = dev.dendrite.ops.Padding.of(c[6], c[6]);
        Tensor probe = dev.dendrite.ops.Conv.conv2d(x.detach(), w.detach(), null, s, p, new int[] {1, 1}, 1);
        Tensor cot = Tensor.ones(probe.dims());
        double flops = 3.0 * 2 * probe.numel() * c[0] * c[4] * c[4];
        double t = Timing.medianSeconds(() -> {
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
            dev.dendrite.ops.Conv.conv2d(x, w, b, s, p, new int[] {1, 1}, 1).backward(cot);
        }, 2, seconds);
        return flops / t / 1e9;
    }

    private int conv() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < ALEXNET_CONVS.length; i++) {
            double gflops = convGflops(ALEXNET_CONVS[i], seconds / 2);
            rows.add(new JsonObject().put("layer", "conv" + (i + 1)).put("gflops", gflops));
            if (!json) {
                System.out.printf("conv%d %s: %.1f GFLOP/s forward+backward%n", i + 1, java.util.Arrays.toString(ALEXNET_CONVS[i]), gflops);
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "conv").put("results", rows));
        }
        return 0;
    }

    private int charLstm() {
        int vocabulary = 65;
        int batch = 32;
        int steps = 100;
        Generator g = new Generator(0);
        CharLstm model = new CharLstm(new CharLstm.Config(vocabulary, 64, 256, 1, 0), g);
        Adam opt = new Adam(model.parameters(), 2e-3);
        Tensor ids = Tensor.uniform(g, 0, vocabulary, DType.FLOAT32, batch, steps + 1).to(DType.INT64);
        Tensor inputs = ids.narrow(1, 0, steps).contiguous();
        Tensor targets = ids.narrow(1, 1, steps).reshape(-1);
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(inputs, null).logits().reshape(-1, vocabulary), targets).backward();
            GradClip.clipGradNorm(model.parameters(), 5);
            opt.step();
        }, 3, seconds);
        double tokensPerSecond = batch * steps / step;
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "char-lstm").put("tokens_per_second", tokensPerSecond)
                    .put("step_ms", step * 1e3));
        } else {
            System.out.printf("char-lstm (embedding 64, LSTM 256, vocabulary 65), batch %d x %d steps, Adam: %,.0f tokens/s"
                    + " (%.1f ms/step)%n", batch, steps, tokensPerSecond, step * 1e3);
        }
        return 0;
    }

    private int train() {
        Generator g = new Generator(0);
        int[] dims = java.util.Arrays.stream(sample.split("x")).mapToInt(Integer::parseInt).toArray();
        if (!(ModelKinds.get(model) instanceof ClassifierKind<?> kind)) {
            throw new ConfigException("bench train: model '" + model + "' is not a classifier of tensors");
        }
        Map<String, String> options = RecordCodec.parsePairs(settings);
        if (RecordCodec.describe(kind.defaults()).isEmpty()) {
            options = Map.of();
        }
        Sequential net = kind.network(options, new ClassifierKind.DataShape(dims, classes), g);
        Adam opt = new Adam(net.parameters(), 1e-3);
        int[] batchDims = new int[dims.length + 1];
        batchDims[0] = batchSize;
        System.arraycopy(dims, 0, batchDims, 1, dims.length);
        Tensor x = Tensor.randn(g, batchDims);
        Tensor y = Tensor.uniform(g, 0, classes, dev.dendrite.tensor.DType.FLOAT32, batchSize).to(dev.dendrite.tensor.DType.INT64);
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            F.crossEntropy(net.forward(x), y).backward();
            opt.step();
        }, 5, seconds);
        Tensor one = x.narrow(0, 0, 1);
        net.eval();
        double latency = Timing.medianSeconds(() -> {
            try (var _ = Grad.disabled()) {
                net.forward(one);
            }
        }, 2, seconds / 2);
        double samplesPerSecond = batchSize / step;
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "train").put("model", model).put("set", settings)
                    .put("sample", sample).put("batch_size", batchSize).put("samples_per_second", samplesPerSecond)
                    .put("step_ms", step * 1e3).put("batch1_latency_us", latency * 1e6));
        } else {
            System.out.printf("%s (sample %s, %s, %d classes), batch %d, Adam: %,.0f samples/s (%.2f ms/step); batch-1 inference %.1f us%n",
                    model, sample, settings, classes, batchSize, samplesPerSecond, step * 1e3, latency * 1e6);
        }
        return 0;
    }
}

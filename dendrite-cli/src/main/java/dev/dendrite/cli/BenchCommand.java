// dendrite bench gemm | train: measure this machine. gemm reports float32 GFLOP/s of Tensor.matmul; train
// reports training samples/s of an MLP with Adam on random data and the batch-1 inference latency.
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark this machine: gemm or train.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "gemm or train")
    String what;
    @Option(names = "--model", defaultValue = "mlp")
    String model;
    @Option(names = "--hidden", defaultValue = "512,256")
    String hidden;
    @Option(names = "--sample", defaultValue = "784", description = "sample shape, e.g. 784 for mlp or 1x28x28 for lenet")
    String sample;
    @Option(names = "--classes", defaultValue = "10")
    int classes;
    @Option(names = "--batch-size", defaultValue = "128")
    int batchSize;
    @Option(names = "--seconds", defaultValue = "3", description = "measurement time per figure")
    double seconds;
    @Option(names = "--json")
    boolean json;

    /** The GEMM sizes (M, K, N) of the benchmark table. */
    public static final int[][] GEMM_SIZES = {{32, 32, 32}, {64, 64, 64}, {128, 128, 128}, {256, 256, 256},
            {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}, {128, 784, 512}};

    @Override
    public Integer call() {
        return switch (what) {
            case "gemm" -> gemm();
            case "train" -> train();
            default -> throw new IllegalArgumentException("bench: unknown benchmark '" + what + "'; use gemm or train");
        };
    }

    /** GFLOP/s of a float32 (m x k) by (k x n) product. */
    public static double gemmGflops(int m, int k, int n, double seconds) {
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, m, k);
        Tensor b = Tensor.randn(g, k, n);
        return 2.0 * m * k * n / Timing.medianSeconds(() -> a.matmul(b), 0.7, seconds) / 1e9;
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

    private int train() {
        Generator g = new Generator(0);
        int[] dims = java.util.Arrays.stream(sample.split("x")).mapToInt(Integer::parseInt).toArray();
        Sequential net = ModelSpec.parse(model, hidden).build(dims, classes, g);
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
            System.out.println(new JsonObject().put("benchmark", "train").put("model", model).put("hidden", hidden)
                    .put("sample", sample).put("batch_size", batchSize).put("samples_per_second", samplesPerSecond)
                    .put("step_ms", step * 1e3).put("batch1_latency_us", latency * 1e6));
        } else {
            System.out.printf("%s (sample %s, hidden %s, %d classes), batch %d, Adam: %,.0f samples/s (%.2f ms/step); batch-1 inference %.1f us%n",
                    model, sample, hidden, classes, batchSize, samplesPerSecond, step * 1e3, latency * 1e6);
        }
        return 0;
    }
}

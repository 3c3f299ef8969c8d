package dev.dendrite.cli;

import dev.dendrite.Dendrite;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.RecordCodec;
import dev.dendrite.models.ClassifierKind;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.models.bench.BertThroughput;
import dev.dendrite.models.bench.DcganThroughput;
import dev.dendrite.models.bench.GemmAgainstPeak;
import dev.dendrite.models.bench.Throughput;
import dev.dendrite.models.bench.TransformerThroughput;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * dendrite bench gemm | train | conv | char-lstm: measure this machine. gemm reports float32 GFLOP/s of
 * Tensor.matmul and their share of the FMA peak (models.bench.GemmAgainstPeak, as gemm-side-by-side.sh); train
 * reports training samples/s of a model with Adam on random data and the batch-1 inference latency; conv reports
 * forward+backward GFLOP/s of conv2d at batch 8 on AlexNet's five convolution shapes, ResNet-18's block shapes and
 * LeNet-5's two (models.bench.Throughput.CONV_LAYERS);
 * char-lstm reports training tokens/s of the character LSTM (embedding 64, one LSTM layer of 256, vocabulary 65,
 * batch 32, 100 steps; Adam, clipping at norm 5) on random text; textcnn reports Kim's TextCNN training texts/s;
 * transformer reports the training tokens/s of a 2-layer encoder classifier and the fused attention's forward +
 * backward time at T = 256 and 1024 and gpt's generation tokens/s with and without its key-value cache
 * (models.bench.TransformerThroughput); bert reports the training tokens/s of a BERT L2/H128 pretraining step at
 * batch 32 x 128 (models.bench.BertThroughput); dcgan reports the training images/s of the dcgan kind's default
 * network at batch 64 on 28 x 28 images (models.bench.DcganThroughput).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark this machine: gemm, train, conv, char-lstm, textcnn, transformer, bert or dcgan.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "gemm, train, conv, char-lstm, textcnn, transformer, bert or dcgan")
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
    @Option(names = "--seconds", defaultValue = "3", description = "measurement time per figure, except gemm's fixed windows (default: ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--json", description = "print one JSON object with the results to stdout")
    boolean json;

    @Override
    public Integer call() {
        return switch (what) {
            case "gemm" -> gemm();
            case "train" -> train();
            case "conv" -> conv();
            case "char-lstm" -> charLstm();
            case "textcnn" -> textCnn();
            case "transformer" -> transformer();
            case "bert" -> bert();
            case "dcgan" -> dcgan();
            default -> throw new IllegalArgumentException("bench: unknown benchmark '" + what
                    + "'; use gemm, train, conv, char-lstm, textcnn, transformer, bert or dcgan");
        };
    }

    private int gemm() {
        List<Object> rows = new ArrayList<>();
        if (!json) {
            System.out.println("float32 GEMM on " + Dendrite.threads() + " threads; medians of 15 windows of"
                    + " 0.2 s alternating with 15 of FMA chains on every thread (the peak)");
        }
        for (int[] s : Throughput.GEMM_SIZES) {
            GemmAgainstPeak.Result r;
            try {
                r = GemmAgainstPeak.measure(s[0], s[1], s[2]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            rows.add(new JsonObject().put("m", s[0]).put("k", s[1]).put("n", s[2]).put("gflops", r.gflops())
                    .put("peak_gflops", r.peakGflops()).put("peak_percent", r.peakPercent()));
            if (!json) {
                System.out.printf("%5d x %5d x %5d: %7.1f GFLOP/s, %5.1f %% of the FMA peak (%.1f)%n", s[0], s[1], s[2],
                        r.gflops(), r.peakPercent(), r.peakGflops());
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "gemm").put("results", rows));
        }
        return 0;
    }

    private int conv() {
        List<Object> rows = new ArrayList<>();
        for (Throughput.ConvLayer layer : Throughput.CONV_LAYERS) {
            double gflops = Throughput.convGflops(layer.shape(), seconds / 2);
            rows.add(new JsonObject().put("layer", layer.name()).put("gflops", gflops));
            if (!json) {
                System.out.printf("%s %s: %.1f GFLOP/s forward+backward%n", layer.name(),
                        java.util.Arrays.toString(layer.shape()), gflops);
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "conv").put("results", rows));
        }
        return 0;
    }

    private int charLstm() {
        Throughput.Speed speed = Throughput.charLstm(seconds);
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "char-lstm").put("tokens_per_second", speed.itemsPerSecond())
                    .put("step_ms", speed.stepSeconds() * 1e3));
        } else {
            System.out.printf("char-lstm (embedding 64, LSTM 256, vocabulary %d), batch %d x %d steps, Adam: %,.0f tokens/s"
                    + " (%.1f ms/step)%n", Throughput.CHAR_VOCABULARY, Throughput.CHAR_BATCH, Throughput.CHAR_STEPS,
                    speed.itemsPerSecond(), speed.stepSeconds() * 1e3);
        }
        return 0;
    }

    private int textCnn() {
        Throughput.Speed speed = Throughput.textCnn(seconds);
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "textcnn").put("texts_per_second", speed.itemsPerSecond())
                    .put("step_ms", speed.stepSeconds() * 1e3));
        } else {
            System.out.printf("textcnn (vocabulary %,d, embedding 128, filters 3/4/5 x 100), batch %d x %d tokens, Adam:"
                    + " %,.1f texts/s (%.1f ms/step)%n", Throughput.TEXT_VOCABULARY, Throughput.TEXT_BATCH,
                    Throughput.TEXT_LENGTH, speed.itemsPerSecond(), speed.stepSeconds() * 1e3);
        }
        return 0;
    }

    private int transformer() {
        Throughput.Speed speed = TransformerThroughput.training(seconds);
        List<Object> rows = new ArrayList<>();
        for (int length : new int[] {256, 1024}) {
            double t = TransformerThroughput.attention(length, false, seconds / 2);
            rows.add(new JsonObject().put("length", length).put("forward_backward_ms", t * 1e3));
            if (!json) {
                System.out.printf("attention forward+backward, batch %d x %d heads x T %d x %d: %.2f ms%n",
                        TransformerThroughput.ATTENTION_BATCH, TransformerThroughput.ATTENTION_HEADS, length,
                        TransformerThroughput.HEAD_DIM, t * 1e3);
            }
        }
        double cached = TransformerThroughput.generation(true, seconds / 2);
        double uncached = TransformerThroughput.generation(false, seconds / 2);
        if (!json) {
            System.out.printf("gpt generation of %d tokens: %,.0f tokens/s with the key-value cache, %,.0f without"
                    + " (%.1fx)%n", TransformerThroughput.GENERATED, cached, uncached, cached / uncached);
        }
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "transformer").put("tokens_per_second",
                    speed.itemsPerSecond()).put("step_ms", speed.stepSeconds() * 1e3).put("attention", rows)
                    .put("generation_cached_tokens_per_second", cached)
                    .put("generation_uncached_tokens_per_second", uncached));
        } else {
            System.out.printf("transformer encoder (vocabulary %d, 2 layers, d 128, 4 heads, FFN 512), batch %d x %d"
                    + " tokens, Adam: %,.0f tokens/s (%.1f ms/step)%n", TransformerThroughput.VOCABULARY,
                    TransformerThroughput.BATCH, TransformerThroughput.LENGTH, speed.itemsPerSecond(),
                    speed.stepSeconds() * 1e3);
        }
        return 0;
    }

    private int bert() {
        Throughput.Speed speed = BertThroughput.pretraining(seconds);
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "bert").put("tokens_per_second",
                    speed.itemsPerSecond()).put("step_ms", speed.stepSeconds() * 1e3));
        } else {
            System.out.printf("bert pretraining step (L%d/H%d, vocabulary %d), batch %d x %d tokens, AdamW: %,.0f"
                    + " tokens/s (%.1f ms/step)%n", BertThroughput.LAYERS, BertThroughput.HIDDEN,
                    BertThroughput.VOCABULARY, BertThroughput.BATCH, BertThroughput.LENGTH, speed.itemsPerSecond(),
                    speed.stepSeconds() * 1e3);
        }
        return 0;
    }

    private int dcgan() {
        Throughput.Speed speed = DcganThroughput.training(seconds);
        if (json) {
            System.out.println(new JsonObject().put("benchmark", "dcgan").put("images_per_second",
                    speed.itemsPerSecond()).put("step_ms", speed.stepSeconds() * 1e3));
        } else {
            System.out.printf("dcgan training step (%s), batch %d, Adam: %,.0f images/s (%.1f ms/step)%n",
                    DcganThroughput.network(), DcganThroughput.BATCH, speed.itemsPerSecond(), speed.stepSeconds() * 1e3);
        }
        return 0;
    }

    /** The --sample shape: positive dims joined by x. */
    private int[] sampleDims() {
        if (!sample.matches("[1-9][0-9]{0,8}(x[1-9][0-9]{0,8})*")) {
            throw new ConfigException("bench train: --sample '" + sample + "' is not a shape; write positive dims"
                    + " joined by x, e.g. 784 or 1x28x28");
        }
        return java.util.Arrays.stream(sample.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    private int train() {
        int[] dims = sampleDims();
        if (!(ModelKinds.get(model) instanceof ClassifierKind<?> kind)) {
            throw new ConfigException("bench train: model '" + model + "' is not a classifier of tensors");
        }
        Map<String, String> options = RecordCodec.parsePairs(settings);
        if (RecordCodec.describe(kind.defaults()).isEmpty()) {
            options = Map.of();
        }
        Sequential net = kind.network(options, new ClassifierKind.DataShape(dims, classes), new Generator(0));
        Throughput.Speed speed = Throughput.classifier(net, dims, classes, batchSize, seconds);
        double samplesPerSecond = speed.itemsPerSecond();
        double step = speed.stepSeconds();
        double latency = speed.batch1Seconds();
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

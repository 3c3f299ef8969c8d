// dendrite train: builds a model, trains it on a data set with a progress bar, writes a checkpoint after each
// epoch (safetensors, atomic), a metrics CSV and a PNG of the curves to --out, then reports test accuracy.
package dev.dendrite.cli;

import dev.dendrite.data.DataLoader;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.train.Callback;
import dev.dendrite.train.EpochResult;
import dev.dendrite.train.Evaluation;
import dev.dendrite.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model and save it.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "perceptron, mlp, xor, lenet, alexnet-small, char-lstm, tagger (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--hidden", description = "hidden layer sizes for mlp, e.g. 256,128 (the default); the LSTM size for char-lstm (default 512) and tagger (default 128)")
    String hidden;
    @Option(names = "--data", defaultValue = "digits", description = "digits, mnist:DIR, idx:DIR, csv:FILE, xor; text:FILE for char-lstm, brown:FILE for tagger (default: ${DEFAULT-VALUE})")
    String data;
    @Option(names = "--epochs", defaultValue = "20")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, momentum, nesterov, rmsprop, adagrad, adadelta, adam, adamw")
    String optimizer;
    @Option(names = "--lr", defaultValue = "0.001")
    double lr;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--top-k", defaultValue = "5", description = "k of the reported top-k accuracy")
    int topK;
    @Option(names = "--schedule", defaultValue = "none", description = "learning-rate schedule: none, cosine (to 0 over the epochs), step (x0.1 every third of the epochs)")
    String schedule;
    @Option(names = "--dropout", defaultValue = "0", description = "dropout probability after each hidden layer of mlp, between and after the LSTM layers of char-lstm")
    double dropout;
    @Option(names = "--clip-norm", description = "clip gradients to this global norm, 0 for off (default: off, 5 for char-lstm and tagger)")
    Double clipNorm;
    @Option(names = "--seq-len", defaultValue = "100", description = "char-lstm: steps per window of truncated backpropagation through time")
    int seqLen;
    @Option(names = "--layers", defaultValue = "2", description = "char-lstm: LSTM layers")
    int layers;
    @Option(names = "--embedding", defaultValue = "64", description = "char-lstm: embedding size")
    int embedding;
    @Option(names = "--minutes", defaultValue = "0", description = "char-lstm: stop training after this many minutes (0: no limit)")
    double minutes;
    @Option(names = "--out", description = "output directory (default: runs/MODEL-DATA)")
    Path out;
    @Option(names = "--resume", description = "continue from the checkpoint in --out if there is one")
    boolean resume;
    @Option(names = "--json", description = "print one JSON object with the results to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (model.equals("char-lstm")) {
            return LanguageModelTraining.run(this);
        }
        if (model.equals("tagger")) {
            return TaggerTraining.run(this);
        }
        long start = System.nanoTime();
        DataSpec d = DataSpec.load(data, seed);
        ModelSpec spec = ModelSpec.parse(model, hidden).withDropout(dropout);
        Generator gen = new Generator(seed);
        Sequential net = spec.build(d.sample(), d.classes(), gen);
        Optimizer opt = OptimizerSpec.create(optimizer, net.parameters(), lr);
        Path dir = outputDirectory();
        Path checkpoint = dir.resolve("checkpoint.safetensors");
        Path csv = dir.resolve("metrics.csv");
        int firstEpoch = 0;
        if (resume && Files.exists(checkpoint)) {
            firstEpoch = (int) Checkpoint.load(checkpoint, net, opt, gen).epoch() + 1;
        } else {
            Files.writeString(csv, "epoch,train_loss,train_accuracy,test_loss,test_accuracy,test_top_k_accuracy,seconds,samples_per_second,lr\n");
        }
        Map<String, String> meta = new LinkedHashMap<>(spec.metadata());
        meta.put("data", data);
        meta.put("sample", String.join("x", java.util.Arrays.stream(d.sample()).mapToObj(Integer::toString).toList()));
        meta.put("classes", Integer.toString(d.classes()));
        meta.put("seed", Long.toString(seed));
        ProgressBar[] bar = new ProgressBar[1];
        List<Callback> callbacks = List.of(new Callback() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss, double accuracy, long samples) {
                if (batch == 1) {
                    bar[0] = new ProgressBar(System.err, String.format("epoch %d/%d", epoch + 1, epochs));
                }
                bar[0].update(batch, batches, loss, accuracy, samples);
            }

            @Override
            public boolean onEpochEnd(EpochResult r) {
                try {
                    Files.writeString(csv, String.format("%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f,%.6g%n", r.epoch() + 1,
                            r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.valAccuracy(), r.valTopKAccuracy(), r.seconds(),
                            r.samplesPerSecond(), r.lr()), StandardOpenOption.APPEND);
                    Checkpoint.save(checkpoint, net, opt, gen, new Checkpoint.Position(r.epoch(), opt.steps()), meta);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (!json) {
                    System.out.printf("epoch %d: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% top-%d %.2f%% | %.1f s, %,.0f samples/s%n",
                            r.epoch() + 1, r.trainLoss(), 100 * r.trainAccuracy(), r.valLoss(), 100 * r.valAccuracy(), topK,
                            100 * r.valTopKAccuracy(), r.seconds(), r.samplesPerSecond());
                }
                return true;
            }
        });
        Trainer trainer = new Trainer(net, F::crossEntropy, opt);
        DataLoader loader = new DataLoader(d.train(), batchSize, true, false, seed, 2);
        LrSchedule lrSchedule = switch (schedule) {
            case "none" -> null;
            case "cosine" -> LrSchedule.cosine(lr, epochs, 0);
            case "step" -> LrSchedule.step(lr, Math.max(1, epochs / 3), 0.1);
            default -> throw new IllegalArgumentException("unknown schedule '" + schedule + "'; use none, cosine or step");
        };
        List<EpochResult> history = trainer.fit(loader, d.test(), firstEpoch, new Trainer.Config(epochs, topK, clipNorm(0), lrSchedule), callbacks);
        List<EpochResult> all = new ArrayList<>(readHistory(csv));
        Path plot = dir.resolve("curves.png");
        if (!all.isEmpty()) {
            TrainingPlot.write(all, plot);
        }
        Evaluation test = trainer.evaluate(d.test(), 512, topK);
        double seconds = (System.nanoTime() - start) / 1e9;
        double trainSeconds = history.stream().mapToDouble(EpochResult::seconds).sum();
        double samplesPerSecond = history.isEmpty() ? 0 : (double) d.train().size() * history.size() / trainSeconds;
        double trainLoss = history.isEmpty() ? Double.NaN : history.getLast().trainLoss();
        if (json) {
            System.out.println(new JsonObject().put("model", model).put("data", data).put("epochs", epochs)
                    .put("train_loss", trainLoss).put("test_loss", test.loss()).put("test_accuracy", test.accuracy())
                    .put("test_top_k_accuracy", test.topKAccuracy()).put("top_k", topK).put("seconds", seconds)
                    .put("samples_per_second", samplesPerSecond).put("parameters", net.parameterCount())
                    .put("checkpoint", checkpoint.toString()).put("metrics_csv", csv.toString()).put("plot", plot.toString()));
        } else {
            System.out.printf("test accuracy %.2f%% (top-%d %.2f%%) on %d samples; %.1f s in all; checkpoint %s, metrics %s, plot %s%n",
                    100 * test.accuracy(), topK, 100 * test.topKAccuracy(), test.samples(), seconds, checkpoint, csv, plot);
        }
        return 0;
    }

    /** The recurrent models clip gradients unless told not to. */
    static final double SEQUENCE_CLIP_NORM = 5;

    /** --clip-norm, or {@code byDefault} when it was not given (0: no clipping). */
    double clipNorm(double byDefault) {
        return clipNorm != null ? clipNorm : byDefault;
    }

    /** --out, or runs/MODEL-DATA; created if missing. */
    Path outputDirectory() throws IOException {
        Path dir = out != null ? out : Path.of("runs", model + "-" + data.replaceAll("[^A-Za-z0-9]+", "_"));
        Files.createDirectories(dir);
        return dir;
    }

    /** Every epoch recorded in the metrics CSV (including those of an earlier, resumed run). */
    private static List<EpochResult> readHistory(Path csv) throws IOException {
        List<EpochResult> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.add(new EpochResult(Integer.parseInt(f[0]) - 1, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]), Double.parseDouble(f[8])));
        }
        return out;
    }
}

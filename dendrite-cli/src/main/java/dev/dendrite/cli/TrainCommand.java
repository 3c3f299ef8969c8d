// dendrite train: builds a registered model kind with its options (--set), trains it with the one training
// loop, and keeps the run in --out (RunDirectory: checkpoint, best weights, metrics.csv, curves.png). --resume
// continues a run with the options it was started with; an option given again must agree with them.
package dev.dendrite.cli;

import dev.dendrite.data.WordVectors;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.RecordCodec;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.models.registry.WordEmbedder;
import dev.dendrite.train.Callback;
import dev.dendrite.train.EpochRecord;
import dev.dendrite.train.MetricsLog;
import dev.dendrite.train.RunDirectory;
import dev.dendrite.train.Task;
import dev.dendrite.train.TensorBoardLog;
import dev.dendrite.train.TrainingLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model and keep the run (checkpoint, metrics, plot) in --out.")
final class TrainCommand implements Callable<Integer> {
    private static final String VECTORS_TEXT = "vectors.txt";
    private static final String VECTORS_BINARY = "vectors.bin";
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "mlp", description = "the model kind; `dendrite models` lists them with their options (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--set", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "the model kind's options, e.g. hidden=512,256 or layers=2 (repeatable; default: the kind's defaults)")
    List<String> settings = new ArrayList<>();
    @Option(names = "--data", description = "the data: digits, mnist:DIR, idx:DIR, csv:FILE, xor, text:FILE, brown:FILE, as the kind reads (default: the kind's, digits for classifiers)")
    String data;
    @Option(names = "--epochs", defaultValue = "20", description = "passes over the training data (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--minutes", defaultValue = "0", description = "stop after this many minutes, mid-epoch if need be; 0 for no limit (default: ${DEFAULT-VALUE})")
    double minutes;
    @Option(names = "--batch-size", defaultValue = "64", description = "samples (or text streams, or sentences) per step (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--optimizer", description = "sgd, momentum, nesterov, rmsprop, adagrad, adadelta, adam, adamw (default: the kind's: sgd for word2vec, adam otherwise)")
    String optimizer;
    @Option(names = "--lr", description = "learning rate (default: the kind's: 0.025 for word2vec, 0.001 otherwise)")
    Double lr;
    @Option(names = "--schedule", defaultValue = "none", description = "learning-rate schedule over all updates: none, cosine (to 0), step (x0.1 at each third), inverse-sqrt (the Transformer's, after --warmup), linear (to 0, BERT's) (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "updates of linear learning-rate warm-up before the schedule (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--clip-norm", description = "clip gradients to this global norm, 0 for off (default: the kind's: 5 for char-lstm and tagger, off otherwise)")
    Double clipNorm;
    @Option(names = "--accumulate", defaultValue = "1", description = "batches whose gradients are summed into one update (default: ${DEFAULT-VALUE})")
    int accumulate;
    @Option(names = "--skip-non-finite", description = "skip batches whose loss is NaN or infinite instead of stopping")
    boolean skipNonFinite;
    @Option(names = "--init", description = "start from the weights of this checkpoint (bert-classifier: a bert run's best.safetensors)")
    Path init;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the weights, the data split and every shuffle (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--top-k", defaultValue = "5", description = "k of the top-k accuracy classifiers report when they have more than k classes (default: ${DEFAULT-VALUE})")
    int topK;
    @Option(names = "--out", description = "the run's directory (default: runs/MODEL-DATA, or runs/MODEL-DATA-2, -3 ... when it holds a run)")
    Path out;
    @Option(names = "--resume", description = "continue the run in --out from its checkpoint")
    boolean resume;
    @Option(names = "--overwrite", description = "replace the run in --out (its files are removed when the new run has its first epoch to write)")
    boolean overwrite;
    @Option(names = "--tensorboard", description = "also write TensorBoard event files to --out (view with tensorboard --logdir runs)")
    boolean tensorboard;
    @Option(names = "--json", description = "print one JSON object with the results to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        if (resume && overwrite) {
            throw new ConfigException("--resume and --overwrite exclude each other: continue the run or replace it");
        }
        ModelKind<?, ?> kind = ModelKinds.get(model);
        Map<String, String> config = new LinkedHashMap<>();
        for (String s : settings) {
            for (var e : RecordCodec.parsePairs(s).entrySet()) {
                if (config.put(e.getKey(), e.getValue()) != null) {
                    throw new ConfigException("--set: option '" + e.getKey() + "' is given twice");
                }
            }
        }
        String dataSpec = data != null ? data : kind.defaultData();
        if (dataSpec == null) {
            throw new ConfigException("model " + kind.name() + " needs --data " + kind.dataForms());
        }
        RunDirectory run = out != null ? new RunDirectory(out)
                : RunDirectory.under(Path.of("runs"), kind.name() + "-" + dataSpec.replaceAll("[^A-Za-z0-9]+", "_"), resume);
        if (init != null && !kind.startsFromCheckpoints()) {
            throw new ConfigException("--init: model " + kind.name() + " does not start from a checkpoint's weights;"
                    + " bert-classifier does");
        }
        if (init != null && !Files.isRegularFile(init)) {
            throw new ConfigException("--init " + init + ": no such file");
        }
        TrainingOptions options = new TrainingOptions(dataSpec, seed, batchSize,
                optimizer != null ? optimizer : kind.defaultOptimizer(), lr != null ? lr : kind.defaultLr(), topK,
                init == null ? "" : init.toAbsolutePath().normalize().toString());
        LoopOptions loop = new LoopOptions(epochs, minutes, schedule, warmup,
                clipNorm != null ? clipNorm : kind.defaultClipNorm(), accumulate, skipNonFinite);

        Prepared prepared;
        boolean resuming = resume && Files.exists(run.checkpoint());
        if (resuming) {
            Map<String, String> saved = SavedCheckpoint.read(run.checkpoint()).metadata();
            if (!spec.commandLine().getParseResult().hasMatchedOption("--model")) {
                kind = ModelKinds.get(saved.get("model"));
            }
            if (!kind.name().equals(saved.get("model"))) {
                throw new ConfigException("--resume: " + run.checkpoint() + " holds a " + saved.get("model")
                        + " model, not " + kind.name());
            }
            options = RecordCodec.resume(ModelKind.options(saved), named(options.withAbsoluteData()), Set.of());
            loop = RecordCodec.resume(RecordCodec.decode(LoopOptions.class, RecordCodec.section(saved, "loop.")),
                    named(loop), Set.of("epochs", "minutes"));
            RecordCodec.resume(kind.restoreConfig(saved), config, Set.of());
            prepared = kind.reopen(saved, options);
        } else {
            if (!resume) {
                run.checkFresh(overwrite);
            }
            prepared = kind.prepare(config, options);
        }
        Task task = prepared.task();
        TrainingLoop.Config loopConfig = loop.config(task);
        run.begin();
        MetricsLog log;
        Checkpoint.Position position = null;
        if (resuming) {
            position = Checkpoint.load(run.checkpoint(), task.state());
            log = MetricsLog.resumed(run.metrics(), position.epoch() + 1);
        } else {
            log = MetricsLog.fresh(run.metrics());
        }
        Map<String, String> metadata = new LinkedHashMap<>(prepared.metadata());
        metadata.putAll(RecordCodec.encode(loop, "loop."));

        List<Callback> callbacks = new ArrayList<>(List.of(new Reporter(task.items()),
                run.writer(task.state(), metadata, task.best(), log, task.items(), !resuming)));
        if (prepared.model() instanceof WordEmbedder embedder) {
            callbacks.add(new VectorsWriter(embedder, run.dir()));
        }
        if (prepared.model() instanceof ImageGenerator generator) {
            callbacks.add(new SamplesWriter(generator, run.dir(), seed));
        }
        int firstEpoch = position == null ? 0 : (int) position.epoch() + 1;
        List<EpochRecord> history;
        try (TensorBoardLog events = tensorboard ? new TensorBoardLog(run.dir(), task.items()) : null) {
            if (events != null) {
                callbacks.add(events); // after the writer, which clears a replaced run's events first
            }
            history = new TrainingLoop(loopConfig).run(task, firstEpoch, callbacks);
        }

        Map<String, Double> evaluation = history.isEmpty() ? task.evaluate() : history.getLast().evaluation();
        if (!log.history().isEmpty()) {
            TrainingPlot.write(log.history(), run.plot());
        }
        report(prepared, run, history, evaluation, firstEpoch, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Writes a word embedder's vectors beside its checkpoint after each epoch, in both word2vec formats. */
    private record VectorsWriter(WordEmbedder embedder, Path dir) implements Callback {
        @Override
        public boolean onEpochEnd(EpochRecord r) {
            try {
                WordVectors vectors = embedder.vectors();
                vectors.writeText(dir.resolve(VECTORS_TEXT));
                vectors.writeBinary(dir.resolve(VECTORS_BINARY));
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes a grid of 64 images from one fixed noise batch after each epoch: samples-epoch-N.png. */
    private record SamplesWriter(ImageGenerator generator, Path dir, long seed) implements Callback {
        @Override
        public boolean onEpochEnd(EpochRecord r) {
            try {
                SampleGrid.write(SampleGrid.draw(generator, 64, seed + 7, null),
                        dir.resolve("samples-epoch-" + (r.epoch() + 1) + ".png"));
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Prints each epoch's line and, on a terminal, a progress bar. */
    private final class Reporter implements Callback {
        private final String items;
        private final boolean terminal = ProgressBar.onTerminal();
        private ProgressBar bar;

        Reporter(String items) {
            this.items = items;
        }

        @Override
        public void onStep(int epoch, int batch, int batches, Map<String, Double> running, long count) {
            if (terminal) {
                if (batch == 1) {
                    bar = new ProgressBar(System.err, String.format("epoch %d/%d", epoch + 1, epochs), items);
                }
                bar.update(batch, batches, running, count);
            }
        }

        @Override
        public boolean onEpochEnd(EpochRecord r) {
            if (!json) {
                String evaluation = r.evaluation().isEmpty() ? "" : Format.metrics("", r.evaluation()) + " | ";
                System.out.printf("epoch %d: %s | %s%.1f s, %,.0f %s/s%s%n", r.epoch() + 1,
                        Format.metrics("train_", r.train()), evaluation, r.seconds(),
                        r.itemsPerSecond(), items, r.partial() ? " (time budget reached mid-epoch)" : "");
            }
            return true;
        }
    }

    private void report(Prepared prepared, RunDirectory run, List<EpochRecord> history, Map<String, Double> evaluation,
                        int firstEpoch, double seconds) throws IOException {
        boolean wrote = !history.isEmpty();
        double trainSeconds = history.stream().mapToDouble(EpochRecord::seconds).sum();
        long items = history.stream().mapToLong(EpochRecord::items).sum();
        String unit = prepared.task().items();
        if (json) {
            JsonObject o = new JsonObject().put("model", prepared.kind().name()).put("data", data(prepared))
                    .put("epochs", epochs).put("epochs_run", history.size());
            if (wrote) {
                history.getLast().train().forEach((k, v) -> o.put("train_" + k, v));
            }
            evaluation.forEach(o::put);
            o.put("seconds", seconds).put(unit + "_per_second", trainSeconds > 0 ? items / trainSeconds : 0)
                    .put("parameters", prepared.model().module().parameterCount());
            if (Files.exists(run.checkpoint())) {
                o.put("checkpoint", run.checkpoint().toString()).put("metrics_csv", run.metrics().toString())
                        .put("plot", run.plot().toString());
            }
            if (Files.exists(run.dir().resolve(VECTORS_TEXT)) && prepared.model() instanceof WordEmbedder) {
                o.put("vectors_text", run.dir().resolve(VECTORS_TEXT).toString())
                        .put("vectors_binary", run.dir().resolve(VECTORS_BINARY).toString());
            }
            if (Files.exists(run.best())) {
                Map<String, String> best = Checkpoint.metadata(run.best());
                o.put("best_checkpoint", run.best().toString()).put("best_epoch", Integer.parseInt(best.get("best_epoch")))
                        .put("best_" + best.get("best_metric"), Double.parseDouble(best.get("best_value")));
            }
            System.out.println(o);
            return;
        }
        int epochsDone = firstEpoch + history.size();
        System.out.printf("%s%d epoch%s; %.1f s in all%n",
                evaluation.isEmpty() ? "" : Format.metrics("", evaluation) + " after ", epochsDone,
                epochsDone == 1 ? "" : "s", seconds);
        if (!wrote) {
            System.out.println("no epoch was trained (--epochs " + epochs + "), so nothing was written to " + run.dir());
            return;
        }
        System.out.printf("checkpoint %s, metrics %s, plot %s%n", run.checkpoint(), run.metrics(), run.plot());
        if (prepared.model() instanceof WordEmbedder) {
            System.out.printf("vectors %s, %s%n", run.dir().resolve(VECTORS_TEXT), run.dir().resolve(VECTORS_BINARY));
        }
        if (Files.exists(run.best())) {
            Map<String, String> best = Checkpoint.metadata(run.best());
            System.out.printf("best %s %s after epoch %s: %s%n", best.get("best_metric"),
                    Format.value(best.get("best_metric"), Double.parseDouble(best.get("best_value"))), best.get("best_epoch"),
                    run.best());
        }
    }

    private static String data(Prepared prepared) {
        return prepared.metadata().get("train.data");
    }

    /** The options of {@code given} that this command line names (--lr, --epochs ...), as key -> value. */
    private Map<String, String> named(Record given) {
        Map<String, String> out = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        RecordCodec.encode(given).forEach((k, v) -> {
            if (parsed.hasMatchedOption("--" + k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}

package dev.dendrite.spark;

import dev.dendrite.io.Json;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point for {@code spark-submit --class dev.dendrite.spark.Train dendrite-spark.jar ...} and for
 * {@code dendrite train --engine spark ...} (the launcher script runs it with Spark on the class path): trains a
 * classifier kind data-parallel over {@code --workers} barrier tasks, writes the checkpoint after every epoch and
 * {@code metrics.csv} into {@code --out} (a path the executors share), and prints the last epoch's
 * {@code train_loss} and {@code test_accuracy} (one JSON object with {@code --json}). Without spark-submit,
 * {@code --master local[N]} runs it in this JVM. A user error is one line on stderr and exit status 2.
 */
public final class Train {
    private static final String USAGE = "usage: Train --model KIND --data SPEC --out DIR [--workers N] [--batch-size B]"
            + " [--micro-batches M]"
            + " [--epochs E] [--optimizer NAME] [--lr LR] [--seed S] [--set KEY=VALUE]... [--master URL] [--json]";

    private Train() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IOException | dev.dendrite.tensor.DendriteException e) {
            System.err.println("dendrite-spark: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Parses {@code args}, trains, prints; returns the exit status. */
    static int run(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
            } else if (a.startsWith("--") && i + 1 < args.length) {
                String value = args[++i];
                if (a.equals("--set")) {
                    int eq = value.indexOf('=');
                    if (eq < 1) throw new IllegalArgumentException("--set " + value + ": expected KEY=VALUE");
                    settings.put(value.substring(0, eq), value.substring(eq + 1));
                } else {
                    options.put(a.substring(2), value);
                }
            } else {
                throw new IllegalArgumentException("unexpected '" + a + "'; " + USAGE);
            }
        }
        for (String key : options.keySet()) {
            if (!List.of("model", "data", "out", "workers", "batch-size", "micro-batches", "epochs", "optimizer", "lr", "seed", "master")
                    .contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; " + USAGE);
            }
        }
        if (!options.containsKey("model") || !options.containsKey("data") || !options.containsKey("out")) {
            throw new IllegalArgumentException(USAGE);
        }
        Path out = Path.of(options.get("out")).toAbsolutePath();
        if (Files.exists(out.resolve("metrics.csv"))) {
            throw new IllegalArgumentException("--out " + out + " already holds a finished run");
        }
        int workers = integer(options, "workers", 2);
        SparkTrainingConfig config = new SparkTrainingConfig(options.get("model"), settings, options.get("data"),
                workers, integer(options, "batch-size", 128), integer(options, "micro-batches", workers),
                integer(options, "epochs", 3),
                options.getOrDefault("optimizer", "adam"), number(options, "lr", 1e-3), integer(options, "seed", 0),
                out.toString(), -1);
        SparkConf conf = new SparkConf().setAppName("dendrite " + config.kind()).setIfMissing("spark.log.level", "WARN");
        if (options.containsKey("master")) {
            conf.setMaster(options.get("master"));
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + workers + "]");
        }
        DataParallelTrainer.Result result;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            result = SparkTraining.run(spark, config);
        }
        StringBuilder csv = new StringBuilder("epoch,train_loss,test_accuracy\n");
        for (int e = 0; e < result.epochs().size(); e++) {
            var m = result.epochs().get(e);
            csv.append(e + 1).append(',').append(m.get("train_loss")).append(',').append(m.get("test_accuracy")).append('\n');
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("metrics.csv"), csv);
        var last = result.epochs().getLast();
        if (json) {
            System.out.println("{" + Json.quote("train_loss") + ":" + last.get("train_loss") + ","
                    + Json.quote("test_accuracy") + ":" + last.get("test_accuracy") + "," + Json.quote("workers") + ":"
                    + workers + "}");
        } else {
            System.out.printf("test_accuracy %.2f%%, train_loss %.4f after %d epochs on %d workers; checkpoint %s%n",
                    100 * last.get("test_accuracy"), last.get("train_loss"), result.epochs().size(), workers,
                    out.resolve("checkpoint.safetensors"));
        }
        return 0;
    }

    private static int integer(Map<String, String> options, String key, int otherwise) {
        try {
            return options.containsKey(key) ? Integer.parseInt(options.get(key)) : otherwise;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": expected an integer, got '" + options.get(key) + "'");
        }
    }

    private static double number(Map<String, String> options, String key, double otherwise) {
        try {
            return options.containsKey(key) ? Double.parseDouble(options.get(key)) : otherwise;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": expected a number, got '" + options.get(key) + "'");
        }
    }
}

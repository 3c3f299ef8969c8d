package dev.dendrite.train;

import dev.dendrite.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * metrics.csv of a run: one row per epoch (epoch, the training means, the evaluation, seconds, throughput, the
 * learning rate), rewritten atomically after each epoch so a kill never leaves half a row. A resumed run keeps the
 * rows up to its checkpoint's epoch and drops later ones, so no epoch appears twice.
 */
public final class MetricsLog {
    private final Path file;
    private final List<String> lines;

    private MetricsLog(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static MetricsLog fresh(Path file) {
        return new MetricsLog(file, new ArrayList<>());
    }

    /** The log of a resumed run: the header and the rows of epochs 1 .. {@code epochs} (if the file exists). */
    public static MetricsLog resumed(Path file, long epochs) throws IOException {
        List<String> kept = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (kept.isEmpty()) {
                    kept.add(line);
                    continue;
                }
                String first = line.split(",", 2)[0];
                if (first.matches("\\d+") && Long.parseLong(first) <= epochs) {
                    kept.add(line);
                }
            }
        }
        return new MetricsLog(file, kept);
    }

    /** Adds the epoch's row (and the header, for the first) and rewrites the file. */
    public void append(EpochRecord r, String items) throws IOException {
        Map<String, Double> row = row(r, items);
        String header = String.join(",", row.keySet());
        if (lines.isEmpty()) {
            lines.add(header);
        } else if (!lines.getFirst().equals(header)) {
            throw new IOException(file + " has the columns " + lines.getFirst() + " but this run writes " + header
                    + "; it belongs to another kind of run");
        }
        lines.add(String.join(",", row.values().stream().map(v -> String.format(Locale.ROOT, "%.6g", v)).toList())
                .replaceFirst("^[^,]*", Integer.toString(r.epoch() + 1)));
        AtomicFile.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Every row as column -> value. */
    public List<Map<String, Double>> history() {
        List<Map<String, Double>> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        String[] columns = lines.getFirst().split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            Map<String, Double> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length && i < fields.length; i++) {
                row.put(columns[i], Double.parseDouble(fields[i]));
            }
            out.add(row);
        }
        return out;
    }

    private static Map<String, Double> row(EpochRecord r, String items) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("epoch", (double) (r.epoch() + 1));
        new TreeMap<>(r.train()).forEach((k, v) -> row.put("train_" + k, v));
        row.putAll(new TreeMap<>(r.evaluation()));
        row.put("seconds", r.seconds());
        row.put(items + "_per_second", r.itemsPerSecond());
        row.put("lr", r.lr());
        return row;
    }
}

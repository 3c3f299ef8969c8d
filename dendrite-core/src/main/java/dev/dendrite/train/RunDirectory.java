package dev.dendrite.train;

import dev.dendrite.io.AtomicFile;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.TrainingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one training run in its directory (the command line's --out): checkpoint.safetensors (after every
 * epoch), best.safetensors (the epoch with the best evaluation, for tasks that name an objective), metrics.csv,
 * curves.png and, when asked, TensorBoard event files. A directory holding a run is refused unless the run is
 * resumed or replaced, and a replaced run's files stay until the new run has an epoch to write. Every file is
 * replaced atomically, in the order metrics, best, checkpoint, so a kill at any moment leaves a checkpoint to
 * resume from and no duplicated epoch.
 */
public final class RunDirectory {
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String BEST = "best.safetensors";
    public static final String METRICS = "metrics.csv";
    public static final String PLOT = "curves.png";
    private static final List<String> FILES = List.of(CHECKPOINT, BEST, METRICS, PLOT);

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * The default directory of a run named {@code name} under {@code runs}: runs/NAME, or for a new run the first
     * of runs/NAME-2, -3 ... that holds none, so repeating a command neither refuses nor touches the earlier run.
     */
    public static RunDirectory under(Path runs, String name, boolean resume) {
        RunDirectory first = new RunDirectory(runs.resolve(name));
        if (resume) {
            return first;
        }
        RunDirectory candidate = first;
        for (int n = 2; candidate.holdsRun(); n++) {
            candidate = new RunDirectory(runs.resolve(name + "-" + n));
        }
        return candidate;
    }

    private boolean holdsRun() {
        return FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f))) || !eventFiles().isEmpty();
    }

    public Path dir() {
        return dir;
    }

    public Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path plot() {
        return dir.resolve(PLOT);
    }

    /** Throws unless the directory can take a new run: it holds none, or {@code overwrite} says to replace it. */
    public void checkFresh(boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(dir + " is a file, not a run directory");
        }
        if (!overwrite && holdsRun()) {
            throw new ConfigException(dir + " already holds a run: resume it (--resume), replace it (--overwrite) or"
                    + " choose another directory (--out)");
        }
    }

    /** Removes the temporary files of killed writers; call it once the run is ready to start. */
    public void begin() throws IOException {
        Files.createDirectories(dir);
        for (String name : FILES) {
            AtomicFile.deleteStale(dir.resolve(name));
        }
    }

    /**
     * Removes the files of the run a new one replaces, when the new one has its first epoch to write: a run that
     * fails before then leaves the earlier one whole. The checkpoint goes first, so a kill in between leaves no
     * checkpoint of the earlier run to be resumed with the new run's metrics.
     */
    private void clearEarlierRun() throws IOException {
        for (String name : FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        for (Path events : eventFiles()) {
            Files.delete(events);
        }
    }

    /** The TensorBoard event files of the run (one per start of it). */
    private List<Path> eventFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The best evaluation a resumed run has to beat (from best.safetensors), or NaN. */
    double bestSoFar() throws IOException {
        if (!Files.isRegularFile(best())) {
            return Double.NaN;
        }
        String value = Checkpoint.metadata(best()).get("best_value");
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    /**
     * Writes the metrics row, the best weights (when improved) and the checkpoint after every epoch; a new run
     * ({@code replacing}) first removes what an earlier run left in the directory.
     */
    public Callback writer(TrainingState state, Map<String, String> metadata, Objective objective, MetricsLog log,
                           String items, boolean replacing) throws IOException {
        double bestSoFar = replacing ? Double.NaN : bestSoFar();
        return new Callback() {
            private double best = bestSoFar;
            private boolean clear = replacing;

            @Override
            public boolean onEpochEnd(EpochRecord r) {
                try {
                    if (clear) {
                        clearEarlierRun();
                        clear = false;
                    }
                    log.append(r, items);
                    Map<String, String> meta = new LinkedHashMap<>(metadata);
                    Double value = objective == null ? null : r.evaluation().get(objective.metric());
                    boolean improved = value != null && objective.improves(value, best, 0);
                    if (improved) {
                        meta.put("best_metric", objective.metric());
                        meta.put("best_value", Double.toString(value));
                        meta.put("best_epoch", Integer.toString(r.epoch() + 1));
                    }
                    // NOTE: streamed to each file rather than encoded once in memory, which a model of a few
                    // hundred million parameters with its Adam state would not fit into one array.
                    Checkpoint.Position at = new Checkpoint.Position(r.epoch(), r.steps());
                    if (improved) {
                        Checkpoint.save(best(), state, at, meta);
                        best = value;
                    }
                    Checkpoint.save(checkpoint(), state, at, meta);
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException("could not write the run's files in " + dir + ": "
                            + e.getMessage(), e));
                }
                return true;
            }
        };
    }
}

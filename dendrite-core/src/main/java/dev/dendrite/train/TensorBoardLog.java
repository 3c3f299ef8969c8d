package dev.dendrite.train;

import dev.dendrite.io.TensorBoardWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each epoch's metrics, under the names of metrics.csv's columns, as TensorBoard scalars at step epoch (1-based),
 * flushed after every epoch so a running `tensorboard --logdir runs` follows along. The event file is created with
 * the first epoch's scalars, after the run directory has cleared an earlier run's.
 */
public final class TensorBoardLog implements Callback, AutoCloseable {
    private final Path dir;
    private final String items;
    private TensorBoardWriter writer;

    public TensorBoardLog(Path dir, String items) {
        this.dir = dir;
        this.items = items;
    }

    @Override
    public boolean onEpochEnd(EpochRecord r) {
        Map<String, Double> scalars = new TreeMap<>();
        r.train().forEach((k, v) -> scalars.put("train_" + k, v));
        scalars.putAll(r.evaluation());
        scalars.put("lr", r.lr());
        scalars.put(items + "_per_second", r.itemsPerSecond());
        try {
            if (writer == null) {
                writer = new TensorBoardWriter(dir);
            }
            for (var e : scalars.entrySet()) {
                writer.scalar(e.getKey(), e.getValue(), r.epoch() + 1);
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("could not write TensorBoard events in " + dir + ": "
                    + e.getMessage(), e));
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}

// A one-line progress bar on stderr for an epoch: fraction done, running loss and accuracy (where there is
// one) and items (samples, characters, tokens) per second, redrawn at most ten times a second. Only drawn on a
// terminal: in a log, the per-epoch lines say the same without carriage-return frames.
package dev.dendrite.cli;

import java.io.PrintStream;
import java.util.Map;

final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final String unit;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintStream err, String label, String unit) {
        this.err = err;
        this.label = label;
        this.unit = unit;
    }

    /** True when stdin and stdout are a terminal (so a person watches). */
    static boolean onTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    void update(int done, int total, Map<String, Double> running, long items) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double seconds = (now - start) / 1e9;
        String rate = seconds < 0.25 ? "" : String.format("%,8.0f %s/s", items / seconds, unit);
        Double accuracy = running.get("accuracy");
        String acc = accuracy == null ? "" : String.format(" acc %5.1f%%", 100 * accuracy);
        err.printf("\r%s [%s%s] %3d%% loss %.4f%s %s", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                total == 0 ? 100 : 100L * done / total, running.getOrDefault("loss", Double.NaN), acc, rate);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}

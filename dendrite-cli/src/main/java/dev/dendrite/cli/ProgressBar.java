// A one-line progress bar on stderr for long work: fraction done, loss, accuracy (where there is one) and items
// (samples, characters) per second, redrawn at most ten times a second.
package dev.dendrite.cli;

import java.io.PrintStream;

final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final String unit;
    private final long start = System.nanoTime();
    private long lastDraw;

    /** A bar counting samples. */
    ProgressBar(PrintStream err, String label) {
        this(err, label, "samples");
    }

    ProgressBar(PrintStream err, String label, String unit) {
        this.err = err;
        this.label = label;
        this.unit = unit;
    }

    /** Redraws the bar; an accuracy of NaN is left out. */
    void update(int done, int total, double loss, double accuracy, long samples) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double seconds = (now - start) / 1e9;
        // NOTE: the bar is created after the first batch, so the rate is only shown once it means something.
        String rate = seconds < 0.25 ? "" : String.format("%,8.0f %s/s", samples / seconds, unit);
        String acc = Double.isNaN(accuracy) ? "" : String.format(" acc %5.1f%%", 100 * accuracy);
        err.printf("\r%s [%s%s] %3d%% loss %.4f%s %s", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                total == 0 ? 100 : 100L * done / total, loss, acc, rate);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}

// Draws the loss and accuracy curves of a training run as a PNG (plain Java 2D, headless): training and
// validation loss on the left, training and validation accuracy on the right, one point per epoch.
package dev.dendrite.cli;

import dev.dendrite.train.EpochResult;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

final class TrainingPlot {
    private static final int W = 1000;
    private static final int H = 420;
    private static final int PANEL = W / 2;
    private static final int MARGIN = 50;

    private TrainingPlot() {}

    static void write(List<EpochResult> history, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        panel(g, 0, "loss", history, List.of(EpochResult::trainLoss, EpochResult::valLoss));
        panel(g, PANEL, "accuracy", history, List.of(EpochResult::trainAccuracy, EpochResult::valAccuracy));
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x0, String title, List<EpochResult> history,
                              List<ToDoubleFunction<EpochResult>> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (var s : series) {
            for (EpochResult r : history) {
                double v = s.applyAsDouble(r);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int left = x0 + MARGIN;
        int right = x0 + PANEL - 20;
        int top = 40;
        int bottom = H - MARGIN;
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawString(title + " (blue: train, orange: validation)", left, 25);
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString(String.format("%.3g", hi), x0 + 4, top + 5);
        g.drawString(String.format("%.3g", lo), x0 + 4, bottom);
        g.drawString("epoch 1", left, bottom + 18);
        g.drawString("epoch " + history.size(), right - 50, bottom + 18);
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14)};
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            g.setColor(colors[s]);
            int px = -1;
            int py = -1;
            for (int i = 0; i < history.size(); i++) {
                double v = series.get(s).applyAsDouble(history.get(i));
                if (!Double.isFinite(v)) {
                    continue;
                }
                int x = history.size() == 1 ? left : left + (right - left) * i / (history.size() - 1);
                int y = (int) (bottom - (v - lo) / (hi - lo) * (bottom - top));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 3, y - 3, 6, 6);
                px = x;
                py = y;
            }
        }
    }
}

// One sentence's attention as a PNG heat map: a row per output token, a column per source token, darker cells for
// larger weights, the tokens written along the edges (Java2D, headless).
package dev.dendrite.cli;

import dev.dendrite.io.AtomicFile;
import dev.dendrite.models.registry.Translator;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

final class AttentionPlot {
    private static final int CELL = 28;

    private AttentionPlot() {}

    static void write(Translator.Translation t, Path png) throws IOException {
        List<String> cols = t.sourceTokens();
        List<String> rows = t.targetTokens();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int margin = 12 + 7 * Math.max(longest(cols), longest(rows));
        int width = margin + CELL * cols.size() + 10;
        int height = margin + CELL * rows.size() + 10;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(font);
        for (int r = 0; r < rows.size() && r < t.attention().length; r++) {
            double[] w = t.attention()[r];
            for (int c = 0; c < cols.size() && c < w.length; c++) {
                int shade = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, w[c]))));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(margin + c * CELL, margin + r * CELL, CELL, CELL);
            }
        }
        g.setColor(Color.BLACK);
        for (int r = 0; r < rows.size(); r++) {
            String s = rows.get(r);
            g.drawString(s, margin - 6 - g.getFontMetrics().stringWidth(s), margin + r * CELL + CELL / 2 + 5);
        }
        AffineTransform plain = g.getTransform();
        for (int c = 0; c < cols.size(); c++) {
            g.setTransform(plain);
            g.translate(margin + c * CELL + CELL / 2 + 5, margin - 6);
            g.rotate(-Math.PI / 2);
            g.drawString(cols.get(c), 0, 0);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        AtomicFile.write(png, out.toByteArray());
    }

    private static int longest(List<String> tokens) {
        return tokens.stream().mapToInt(String::length).max().orElse(1);
    }
}

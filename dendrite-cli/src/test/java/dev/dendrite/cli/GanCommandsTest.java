// The GAN commands end to end on the embedded digits: train --model dcgan writes a sample grid each epoch and the
// two networks' losses and outputs in metrics.csv; sample draws a grid from the checkpoint, of one class for a
// conditional model; a label outside the classes, or on an unconditional model, is one error line and status 2.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.dendrite.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainWritesSampleGridsAndSampleDrawsFromTheCheckpoint() throws Exception {
        Path out = dir.resolve("dcgan");
        Cli.Result trained = run("train", "--model", "dcgan", "--data", "digits", "--epochs", "2", "--batch-size", "64",
                "--set", "features=8,noise=16", "--out", out.toString());
        assertEquals(0, trained.status(), trained.err());
        for (int epoch = 1; epoch <= 2; epoch++) {
            BufferedImage grid = ImageIO.read(out.resolve("samples-epoch-" + epoch + ".png").toFile());
            assertTrue(grid.getWidth() > 8 * 8 && grid.getHeight() > 8 * 8, "a grid of 64 images");
        }
        String header = Files.readAllLines(out.resolve("metrics.csv")).getFirst();
        assertTrue(header.contains("d_loss") && header.contains("g_loss") && header.contains("d_real")
                && header.contains("test_d_fake"), header);
        Path checkpoint = out.resolve("checkpoint.safetensors");
        Path grid = dir.resolve("grid.png");
        Cli.Result sampled = run("sample", "--checkpoint", checkpoint.toString(), "--count", "16", "--out", grid.toString());
        assertEquals(0, sampled.status(), sampled.err());
        assertEquals(4 * (8 * 7 + 2) + 2, ImageIO.read(grid.toFile()).getWidth());
        Cli.Result label = run("sample", "--checkpoint", checkpoint.toString(), "--label", "3");
        assertEquals(2, label.status());
        assertTrue(label.err().contains("not conditional"), label.err());

        Path conditional = dir.resolve("cgan");
        assertEquals(0, run("train", "--model", "gan", "--data", "digits", "--epochs", "1", "--batch-size", "64", "--set",
                "conditional=true,noise=16", "--out", conditional.toString()).status());
        Path cgan = conditional.resolve("checkpoint.safetensors");
        Cli.Result sevens = run("sample", "--checkpoint", cgan.toString(), "--label", "7", "--count", "4", "--out",
                dir.resolve("sevens.png").toString());
        assertEquals(0, sevens.status(), sevens.err());
        Cli.Result outside = run("sample", "--checkpoint", cgan.toString(), "--label", "12");
        assertEquals(2, outside.status());
        assertTrue(outside.err().contains("--label 12: the model draws classes 0 to 9")
                && outside.err().strip().lines().count() == 1, outside.err());
    }
}

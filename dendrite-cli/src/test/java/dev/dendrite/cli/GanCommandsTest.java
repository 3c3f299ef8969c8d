// The GAN commands end to end on the embedded digits: train --model dcgan writes a sample grid each epoch and the
// two networks' losses and outputs in metrics.csv; sample draws a grid from the checkpoint, of one class for a
// conditional model; a label outside the classes, or on an unconditional model, is one error line and status 2;
// gan-score under an MLP trained on the digits scores the real images near the ceiling of 10 classes and above a
// barely trained generator, and refuses a classifier that is not one.
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

        Path mlp = dir.resolve("mlp");
        assertEquals(0, run("train", "--data", "digits", "--out", mlp.toString()).status());
        Cli.Result scored = run("gan-score", "--checkpoint", checkpoint.toString(), "--classifier",
                mlp.resolve("checkpoint.safetensors").toString(), "--count", "500", "--json");
        assertEquals(0, scored.status(), scored.err());
        double real = Cli.number(scored.out(), "inception_score_real");
        // observed: 7.97 for the 360 real test digits (10 splits of 36), 1.0 for a generator after two epochs
        assertTrue(real > 7 && real > Cli.number(scored.out(), "inception_score"), scored.out());
        assertTrue(Cli.number(scored.out(), "frechet_distance") > Cli.number(scored.out(), "frechet_distance_real"),
                scored.out());
        String json = scored.out();
        int open = json.indexOf("\"class_shares\":[") + "\"class_shares\":[".length();
        String shares = json.substring(open, json.indexOf(']', open));
        assertEquals(1.0, java.util.Arrays.stream(shares.split(",")).mapToDouble(Double::parseDouble).sum(), 1e-9, shares);
        Cli.Result notAClassifier = run("gan-score", "--checkpoint", checkpoint.toString(), "--classifier",
                checkpoint.toString());
        assertEquals(2, notAClassifier.status());
        assertTrue(notAClassifier.err().contains("not a classifier of images"), notAClassifier.err());

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

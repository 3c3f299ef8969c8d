// The dendrite command end to end on small data: train (digits, xor), resume, eval, predict, summary, errors.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The value of a numeric field in a flat JSON object. */
    private static double number(String json, String key) {
        int at = json.indexOf("\"" + key + "\":");
        assertTrue(at >= 0, key + " missing from " + json);
        String rest = json.substring(at + key.length() + 3);
        return Double.parseDouble(rest.split("[,}]")[0]);
    }

    @Test
    void trainsDigitsAndWritesCheckpointMetricsAndPlot() throws Exception {
        Result r = run("train", "--data", "digits", "--epochs", "6", "--out", dir.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        String json = r.out().trim();
        // observed: test accuracy 0.95 after 6 epochs
        assertTrue(number(json, "test_accuracy") >= 0.9, json);
        for (String key : new String[] {"train_loss", "seconds", "samples_per_second", "epochs"}) {
            assertTrue(number(json, key) > 0, key);
        }
        assertTrue(json.contains("\"checkpoint\":") && json.contains("\"model\":\"mlp\"") && json.contains("\"data\":\"digits\""));
        assertTrue(Files.size(dir.resolve("checkpoint.safetensors")) > 0);
        assertEquals(7, Files.readAllLines(dir.resolve("metrics.csv")).size());
        assertTrue(Files.size(dir.resolve("curves.png")) > 1000);

        Result eval = run("eval", "--checkpoint", dir.resolve("checkpoint.safetensors").toString(), "--json");
        assertEquals(0, eval.status(), eval.err());
        assertEquals(number(json, "test_accuracy"), number(eval.out(), "test_accuracy"), 1e-12);

        Result predict = run("predict", "--checkpoint", dir.resolve("checkpoint.safetensors").toString(), "--count", "5");
        assertEquals(0, predict.status(), predict.err());
        assertEquals(5, predict.out().lines().filter(l -> l.startsWith("sample")).count());

        Result resumed = run("train", "--data", "digits", "--epochs", "8", "--out", dir.toString(), "--resume", "--json");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(9, Files.readAllLines(dir.resolve("metrics.csv")).size(), "two more epochs appended");
        Result straight = run("train", "--data", "digits", "--epochs", "8", "--out", dir.resolve("straight").toString());
        assertEquals(0, straight.status(), straight.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight").resolve("checkpoint.safetensors")),
                Files.readAllBytes(dir.resolve("checkpoint.safetensors")), "resumed and uninterrupted runs differ");
    }

    @Test
    void xorIsSolvedByATwoLayerNet() {
        Result r = run("train", "--model", "xor", "--data", "xor", "--epochs", "300", "--batch-size", "4", "--lr", "0.05",
                "--out", dir.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(1.0, number(r.out(), "test_accuracy"), r.out());
    }

    @Test
    void imageModelsTrainOnImagesAndRefuseFlatData() {
        Result r = run("train", "--model", "alexnet-small", "--data", "digits", "--epochs", "3", "--lr", "0.003",
                "--out", dir.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        // observed after 3 epochs on the 8x8 digits: test loss 1.58 (chance: ln 10 = 2.30), top-5 accuracy 0.95
        assertTrue(number(r.out(), "test_loss") < 2.0, r.out());
        assertTrue(number(r.out(), "test_top_k_accuracy") > 0.8, r.out());
        Result small = run("train", "--model", "lenet", "--data", "digits", "--out", dir.toString());
        assertEquals(2, small.status());
        assertTrue(small.err().contains("8x8 inputs are too small"), small.err());
        Result flat = run("train", "--model", "lenet", "--data", "xor", "--out", dir.toString());
        assertEquals(2, flat.status());
        assertTrue(flat.err().contains("needs image samples (C, H, W)"), flat.err());
    }

    @Test
    void summaryShowsLayersShapesAndParameters() {
        Result r = run("summary", "--model", "mlp", "--hidden", "32", "--data", "digits");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Linear(64, 32, bias=true)") && r.out().contains("(1, 32)")
                && r.out().contains("total parameters: 2,410"), r.out());
    }

    @Test
    void badInputGivesOneReadableLineAndStatus2() {
        Result r = run("train", "--model", "resnet", "--epochs", "1", "--out", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown model 'resnet'") && r.err().contains("perceptron, mlp, xor"), r.err());
        Result d = run("train", "--data", "mnist:/nonexistent", "--out", dir.toString());
        assertEquals(2, d.status());
        assertTrue(d.err().contains("missing train-images-idx3-ubyte"), d.err());
    }

    @Test
    void charLstmTrainsOnATextFileAndGeneratesFromItsCheckpoint() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "to be or not to be\n".repeat(150));
        Path out = dir.resolve("lm");
        Result r = run("train", "--model", "char-lstm", "--data", "text:" + text, "--hidden", "32", "--layers", "1",
                "--embedding", "8", "--seq-len", "20", "--batch-size", "4", "--epochs", "3", "--lr", "0.01",
                "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        // A perfectly repeating text: after three epochs the held-out loss is far below uniform (log 9 = 2.2 nats).
        assertTrue(number(r.out(), "val_loss") < 0.5, r.out());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        // The best epoch's weights are kept beside the last ones; here the loss only falls, so that is epoch 3.
        assertEquals(3, (int) number(r.out(), "best_epoch"), r.out());
        assertTrue(Files.exists(out.resolve("best.safetensors")));
        Result g = run("generate", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--prompt", "or no",
                "--length", "20", "--temperature", "0");
        assertEquals(0, g.status(), g.err());
        assertTrue(g.out().startsWith("or not to be\nto be or"), g.out());
        Result unknown = run("generate", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--prompt", "xyz");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("'x' (U+0078) at position 0"), unknown.err());
    }

    @Test
    void taggerTrainsOnABrownArchiveAndReportsHeldOutAccuracy() throws Exception {
        Path archive = dir.resolve("brown-sample.tar.gz");
        try (var in = CliTest.class.getResourceAsStream("/brown-sample.tar.gz")) {
            Files.copy(in, archive);
        }
        Result r = run("train", "--model", "tagger", "--data", "brown:" + archive, "--hidden", "32", "--epochs", "4",
                "--batch-size", "16", "--lr", "0.01", "--out", dir.resolve("tagger").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        // 158 sentences of the Brown corpus (the start of files ca01 and cb01), 16 held out.
        assertTrue(number(r.out(), "test_accuracy") > 0.7, r.out()); // observed 86%
        assertEquals(16, (int) number(r.out(), "test_sentences"));
        Result tagged = run("tag", "--checkpoint", dir.resolve("tagger").resolve("checkpoint.safetensors").toString(),
                "The jury said it was n't fair.");
        assertEquals(0, tagged.status(), tagged.err());
        String[] pairs = tagged.out().trim().split(" ");
        assertEquals(List.of("The", "jury", "said", "it", "was", "n't", "fair", "."),
                java.util.Arrays.stream(pairs).map(p -> p.substring(0, p.lastIndexOf('/'))).toList());
        for (String p : pairs) {
            assertTrue(dev.dendrite.data.UniversalTags.TAGS.contains(p.substring(p.lastIndexOf('/') + 1)), p);
        }
        assertTrue(tagged.out().startsWith("The/DET "), tagged.out()); // observed: DET, the most frequent sentence start
        // Two epochs, then two more with --resume: the same checkpoint, byte for byte, as four in one go.
        String out = dir.resolve("resumed").toString();
        Result first = run("train", "--model", "tagger", "--data", "brown:" + archive, "--hidden", "32", "--epochs", "2",
                "--batch-size", "16", "--lr", "0.01", "--out", out, "--json");
        assertEquals(0, first.status(), first.err());
        Result resumed = run("train", "--model", "tagger", "--data", "brown:" + archive, "--hidden", "32", "--epochs",
                "4", "--batch-size", "16", "--lr", "0.01", "--out", out, "--json", "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(5, Files.readAllLines(dir.resolve("resumed").resolve("metrics.csv")).size());
        assertArrayEquals(Files.readAllBytes(dir.resolve("tagger").resolve("checkpoint.safetensors")),
                Files.readAllBytes(dir.resolve("resumed").resolve("checkpoint.safetensors")));
        Result wrong = run("train", "--model", "tagger", "--data", "digits", "--out", dir.toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("use --data brown:FILE"), wrong.err());
    }
}

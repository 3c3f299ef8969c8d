// The dendrite command end to end on small data: every registered kind trains, resumes, evaluates and is used
// (predict, generate, tag) through the registry.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.dendrite.cli.Cli.number;
import static dev.dendrite.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @TempDir
    Path dir;

    @Test
    void trainsDigitsAndWritesCheckpointMetricsAndPlot() throws Exception {
        Cli.Result r = run("train", "--data", "digits", "--epochs", "6", "--out", dir.toString(), "--json");
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

        Cli.Result eval = run("eval", "--checkpoint", dir.resolve("checkpoint.safetensors").toString(), "--json");
        assertEquals(0, eval.status(), eval.err());
        assertEquals(number(json, "test_accuracy"), number(eval.out(), "test_accuracy"), 1e-12);

        Cli.Result predict = run("predict", "--checkpoint", dir.resolve("checkpoint.safetensors").toString(), "--count", "5");
        assertEquals(0, predict.status(), predict.err());
        assertEquals(5, predict.out().lines().filter(l -> l.startsWith("sample")).count());

        Cli.Result resumed = run("train", "--data", "digits", "--epochs", "8", "--out", dir.toString(), "--resume", "--json");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(9, Files.readAllLines(dir.resolve("metrics.csv")).size(), "two more epochs appended");
        assertEquals(8, (int) number(resumed.out(), "epochs_run") + 6);
        Cli.Result straight = run("train", "--data", "digits", "--epochs", "8", "--out", dir.resolve("straight").toString());
        assertEquals(0, straight.status(), straight.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight").resolve("checkpoint.safetensors")),
                Files.readAllBytes(dir.resolve("checkpoint.safetensors")), "resumed and uninterrupted runs differ");
    }

    @Test
    void xorIsSolvedByATwoLayerNet() {
        Cli.Result r = run("train", "--model", "xor", "--data", "xor", "--epochs", "300", "--batch-size", "4", "--lr", "0.05",
                "--out", dir.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(1.0, number(r.out(), "test_accuracy"), r.out());
    }

    @Test
    void imageModelsTrainOnImagesAndRefuseFlatData() {
        Cli.Result r = run("train", "--model", "alexnet-small", "--data", "digits", "--epochs", "3", "--lr", "0.003",
                "--out", dir.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        // observed after 3 epochs on the 8x8 digits: test loss 1.58 (chance: ln 10 = 2.30), top-5 accuracy 0.95
        assertTrue(number(r.out(), "test_loss") < 2.0, r.out());
        assertTrue(number(r.out(), "test_top5_accuracy") > 0.8, r.out());
        Cli.Result small = run("train", "--model", "lenet", "--data", "digits", "--out", dir.resolve("small").toString());
        assertEquals(2, small.status());
        assertTrue(small.err().contains("8x8 inputs are too small"), small.err());
        Cli.Result flat = run("train", "--model", "lenet", "--data", "xor", "--out", dir.resolve("flat").toString());
        assertEquals(2, flat.status());
        assertTrue(flat.err().contains("needs image samples (C, H, W)"), flat.err());
    }

    @Test
    void summaryShowsLayersShapesAndParameters() {
        Cli.Result r = run("summary", "--model", "mlp", "--set", "hidden=32", "--data", "digits");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Linear(64, 32, bias=true)") && r.out().contains("(1, 32)")
                && r.out().contains("total parameters: 2,410"), r.out());
    }

    @Test
    void badInputGivesOneReadableLineAndStatus2() {
        Cli.Result r = run("train", "--model", "resnet", "--epochs", "1", "--out", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown model 'resnet'") && r.err().contains("perceptron, mlp, xor"), r.err());
        Cli.Result d = run("train", "--data", "mnist:/nonexistent", "--out", dir.resolve("d").toString());
        assertEquals(2, d.status());
        assertTrue(d.err().contains("missing train-images-idx3-ubyte"), d.err());
        Cli.Result shape = run("bench", "train", "--model", "lenet", "--sample", "1,28,28");
        assertEquals(2, shape.status());
        assertTrue(shape.err().contains("--sample '1,28,28' is not a shape") && !shape.err().contains("\tat "),
                shape.err());
    }

    @Test
    void charLstmTrainsOnATextFileAndGeneratesFromItsCheckpoint() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "to be or not to be\n".repeat(150));
        Path out = dir.resolve("lm");
        Cli.Result r = run("train", "--model", "char-lstm", "--data", "text:" + text, "--set",
                "hidden=32,layers=1,embedding=8,seq-len=20", "--batch-size", "4", "--epochs", "3", "--lr", "0.01",
                "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        // A perfectly repeating text: after three epochs the held-out loss is far below uniform (log 9 = 2.2 nats).
        assertTrue(number(r.out(), "val_loss") < 0.5, r.out());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        // The best epoch's weights are kept beside the last ones; here the loss only falls, so that is epoch 3.
        assertEquals(3, (int) number(r.out(), "best_epoch"), r.out());
        assertTrue(Files.exists(out.resolve("best.safetensors")));
        assertEquals(number(r.out(), "val_loss"), number(r.out(), "best_val_loss"), 1e-12);
        Cli.Result evaluated = run("eval", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--json");
        assertEquals(0, evaluated.status(), evaluated.err());
        assertEquals(number(r.out(), "val_loss"), number(evaluated.out(), "val_loss"), 1e-9);
        Cli.Result g = run("generate", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--prompt", "or no",
                "--length", "20", "--temperature", "0");
        assertEquals(0, g.status(), g.err());
        assertTrue(g.out().startsWith("or not to be\nto be or"), g.out());
        Cli.Result unknown = run("generate", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--prompt", "xyz");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("'x' (U+0078) at position 0"), unknown.err());
    }

    @Test
    void taggerTrainsOnABrownArchiveAndReportsHeldOutAccuracy() throws Exception {
        Path archive = dir.resolve("brown-sample.tar.gz");
        try (var in = CliTest.class.getResourceAsStream("/brown-sample.tar.gz")) {
            Files.copy(in, archive);
        }
        Cli.Result r = run("train", "--model", "tagger", "--data", "brown:" + archive, "--set", "hidden=32", "--epochs", "4",
                "--batch-size", "16", "--lr", "0.01", "--out", dir.resolve("tagger").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        // 158 sentences of the Brown corpus (the start of files ca01 and cb01), 16 held out.
        assertTrue(number(r.out(), "test_accuracy") > 0.7, r.out()); // observed 86%
        Cli.Result evaluated = run("eval", "--checkpoint", dir.resolve("tagger").resolve("checkpoint.safetensors").toString(),
                "--json");
        assertEquals(0, evaluated.status(), evaluated.err());
        assertEquals(number(r.out(), "test_accuracy"), number(evaluated.out(), "test_accuracy"), 1e-12);
        Cli.Result summary = run("summary", "--model", "tagger", "--data", "brown:" + archive, "--set", "hidden=32");
        assertEquals(0, summary.status(), summary.err());
        assertTrue(summary.out().contains("lstm") && summary.out().contains("scores"), summary.out());
        Cli.Result tagged = run("tag", "--checkpoint", dir.resolve("tagger").resolve("checkpoint.safetensors").toString(),
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
        Cli.Result first = run("train", "--model", "tagger", "--data", "brown:" + archive, "--set", "hidden=32", "--epochs", "2",
                "--batch-size", "16", "--lr", "0.01", "--out", out, "--json");
        assertEquals(0, first.status(), first.err());
        Cli.Result resumed = run("train", "--model", "tagger", "--data", "brown:" + archive, "--set", "hidden=32", "--epochs",
                "4", "--batch-size", "16", "--lr", "0.01", "--out", out, "--json", "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(5, Files.readAllLines(dir.resolve("resumed").resolve("metrics.csv")).size());
        assertArrayEquals(Files.readAllBytes(dir.resolve("tagger").resolve("checkpoint.safetensors")),
                Files.readAllBytes(dir.resolve("resumed").resolve("checkpoint.safetensors")));
        Cli.Result wrong = run("train", "--model", "tagger", "--data", "digits", "--out", dir.resolve("wrong").toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("use --data brown:FILE"), wrong.err());
    }

    @Test
    void theBagOfWordsTrainsOnLabelledTextAndEvaluatesFromItsCheckpoint() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            rows.append(i % 2).append('\t').append(i % 2 == 0 ? "dull boring slow film " : "great moving fine film ")
                    .append("number ").append(i % 7).append('\n');
        }
        Path file = Files.writeString(dir.resolve("texts.tsv"), rows);
        Path out = dir.resolve("bow");
        Cli.Result r = run("train", "--model", "bow", "--data", "tsv:" + file, "--epochs", "3", "--lr", "0.1",
                "--batch-size", "16", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(number(r.out(), "test_accuracy") > 0.95, r.out()); // observed 1.0
        Cli.Result evaluated = run("eval", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--json");
        assertEquals(0, evaluated.status(), evaluated.err());
        assertEquals(number(r.out(), "test_accuracy"), number(evaluated.out(), "test_accuracy"), 1e-12);
        Cli.Result label = run("classify", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "a great and moving film", "--json");
        assertEquals(0, label.status(), label.err());
        assertTrue(label.out().startsWith("{\"label\":\"1\""), label.out());
        assertTrue(number(label.out(), "probability") > 0.5, label.out());
        Cli.Result wrong = run("train", "--model", "bow", "--data", "digits", "--out", dir.resolve("w").toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("use --data tsv:FILE or imdb:FILE"), wrong.err());
        Cli.Result noAttention = run("classify", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--explain", "a great film");
        assertEquals(2, noAttention.status());
        assertTrue(noAttention.err().contains("a bow model has no attention to show"), noAttention.err());
    }

    @Test
    void hanExplainsItsLabelWithTheAttentionOfEachSentenceAndWord() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            rows.append(i % 2).append('\t').append("the film. ").append(i % 2 == 0 ? "dull and slow!" : "great fun!")
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("texts.tsv"), rows);
        Path out = dir.resolve("han");
        Cli.Result r = run("train", "--model", "han", "--data", "tsv:" + file, "--epochs", "2", "--lr", "0.01",
                "--set", "dim=8,hidden=8,attention=8", "--batch-size", "16", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Cli.Result explained = run("classify", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--explain", "The film.", "Great fun!");
        assertEquals(0, explained.status(), explained.err());
        String[] lines = explained.out().strip().split("\n");
        assertEquals(3, lines.length, explained.out());
        assertTrue(lines[1].matches("sentence 1 \\(0\\.\\d{3}\\): the 0\\.\\d{3} film 0\\.\\d{3} \\. 0\\.\\d{3}"), lines[1]);
        assertTrue(lines[2].startsWith("sentence 2 ("), lines[2]);
    }
}

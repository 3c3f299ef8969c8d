// The BERT commands end to end: train --model bert on a small corpus, fill-mask from its best checkpoint (five
// candidates, most likely first; one error line and status 2 without a [MASK]), then train --model bert-classifier
// --init that checkpoint and classify with it; --init on a kind that does not read it, or a missing file, is refused.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.dendrite.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertCommandsTest {
    @TempDir
    Path dir;

    private static final String[] WORDS = {"the", "king", "rules", "land", "queen", "dog", "sees", "cat", "good", "bad"};

    @Test
    void pretrainFillMasksThenFineTuneAndClassify() throws Exception {
        StringBuilder corpus = new StringBuilder();
        StringBuilder reviews = new StringBuilder("label\ttext\n");
        dev.dendrite.tensor.Generator g = new dev.dendrite.tensor.Generator(1);
        for (int d = 0; d < 40; d++) {
            for (int s = 0; s < 3; s++) {
                for (int w = 0; w < 6; w++) corpus.append(WORDS[g.nextInt(WORDS.length)]).append(' ');
                corpus.append(".\n");
            }
            corpus.append('\n');
            boolean good = d % 2 == 0;
            reviews.append(good ? "pos" : "neg").append('\t').append("the king sees a ").append(good ? "good" : "bad")
                    .append(" dog .\n");
        }
        Path text = Files.writeString(dir.resolve("corpus.txt"), corpus);
        Path labelled = Files.writeString(dir.resolve("reviews.tsv"), reviews);
        Path bert = dir.resolve("bert");
        Cli.Result pretrained = run("train", "--model", "bert", "--data", "text:" + text, "--epochs", "2",
                "--batch-size", "16", "--set", "layers=1,hidden=32,max-length=24,vocab-size=60,held-out=0.2",
                "--out", bert.toString(), "--json");
        assertEquals(0, pretrained.status(), pretrained.err());
        assertTrue(Cli.number(pretrained.out(), "mlm_accuracy") >= 0 && Cli.number(pretrained.out(), "nsp_accuracy") >= 0);
        Path best = bert.resolve("best.safetensors");

        Cli.Result filled = run("fill-mask", "--checkpoint", best.toString(), "the", "[MASK]", "rules", "the", "land");
        assertEquals(0, filled.status(), filled.err());
        String[] lines = filled.out().strip().split("\n");
        assertEquals(5, lines.length, filled.out());
        double previous = 1;
        for (String line : lines) {
            double p = Double.parseDouble(line.strip().split("\\s+")[1]);
            assertTrue(p <= previous && p > 0, filled.out());
            previous = p;
        }
        Cli.Result noMask = run("fill-mask", "--checkpoint", best.toString(), "the king rules");
        assertEquals(2, noMask.status());
        assertTrue(noMask.err().contains("no [MASK] to fill") && noMask.err().strip().lines().count() == 1, noMask.err());

        Path classifier = dir.resolve("classifier");
        Cli.Result tuned = run("train", "--model", "bert-classifier", "--init", best.toString(), "--data",
                "tsv:" + labelled, "--epochs", "2", "--batch-size", "8", "--set", "layers=1,hidden=32,max-length=24",
                "--out", classifier.toString(), "--json");
        assertEquals(0, tuned.status(), tuned.err());
        assertTrue(Cli.number(tuned.out(), "test_accuracy") >= 0, tuned.out());
        Cli.Result classified = run("classify", "--checkpoint", classifier.resolve("checkpoint.safetensors").toString(),
                "the king sees a good dog .");
        assertEquals(0, classified.status(), classified.err());
        assertTrue(classified.out().contains("pos") || classified.out().contains("neg"), classified.out());

        Cli.Result wrongKind = run("train", "--model", "mlp", "--data", "xor", "--init", best.toString(), "--out",
                dir.resolve("mlp").toString());
        assertEquals(2, wrongKind.status());
        assertTrue(wrongKind.err().contains("--init: model mlp does not start from"), wrongKind.err());
        Cli.Result missing = run("train", "--model", "bert-classifier", "--data", "tsv:" + labelled, "--init",
                dir.resolve("nothing.safetensors").toString(), "--out", dir.resolve("missing").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("nothing.safetensors: no such file"), missing.err());
    }
}

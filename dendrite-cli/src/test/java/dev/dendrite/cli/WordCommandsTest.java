// analogy, similarity and nearest on a tiny vectors file whose answers are known, and their one-line errors;
// train --model word2vec writes vectors both formats that nearest reads.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.dendrite.cli.Cli.number;
import static dev.dendrite.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordCommandsTest {
    @TempDir
    Path dir;

    @Test
    void analogiesSimilarityAndNeighboursFromAVectorsFile() throws Exception {
        Path vectors = Files.writeString(dir.resolve("v.txt"),
                "5 3\nman 1 0 0\nwoman 0 1 0\nking 1 0 1\nqueen 0 1 1\napple 0.5 0.5 -1\n");
        Cli.Result one = run("analogy", "--vectors", vectors.toString(), "King", "man", "woman");
        assertEquals(0, one.status(), one.err());
        assertTrue(one.out().startsWith("king - man + woman = queen"), one.out());
        Path questions = Files.writeString(dir.resolve("q.txt"), ": royals\nman woman king queen\nman woman prince x\n");
        Cli.Result scored = run("analogy", "--vectors", vectors.toString(), "--questions", questions.toString(), "--json");
        assertEquals(0, scored.status(), scored.err());
        assertEquals(1.0, number(scored.out(), "accuracy"));
        assertEquals(1, (int) number(scored.out(), "skipped"));
        Path pairs = Files.writeString(dir.resolve("p.tsv"), "king\tqueen\t9\nman\twoman\t8\nking\tapple\t1\n");
        Cli.Result rho = run("similarity", "--vectors", vectors.toString(), "--pairs", pairs.toString(), "--json");
        assertEquals(0, rho.status(), rho.err());
        assertEquals(1.0, number(rho.out(), "spearman"), 1e-12);
        assertEquals(3, (int) number(rho.out(), "pairs_found"));
        Cli.Result near = run("nearest", "--vectors", vectors.toString(), "woman", "--count", "1");
        assertTrue(near.out().startsWith("queen"), near.out());

        Cli.Result unknown = run("analogy", "--vectors", vectors.toString(), "king", "man", "duchess");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("'duchess' is not in the vocabulary"), unknown.err());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "2 4\nman 1 0 0\nwoman 0 1 0\n");
        Cli.Result dimension = run("nearest", "--vectors", bad.toString(), "man");
        assertEquals(2, dimension.status());
        assertTrue(dimension.err().contains("bad.txt") && dimension.err().contains("the header says 4"),
                dimension.err());
    }

    @Test
    void word2vecTrainingWritesVectorsTheWordCommandsRead() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < 200; s++) {
            text.append(s % 2 == 0 ? "red green blue red green blue\n" : "dog cat horse dog cat horse\n");
        }
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), text);
        Path out = dir.resolve("run");
        Cli.Result trained = run("train", "--model", "word2vec", "--data", "text:" + corpus, "--epochs", "2",
                "--set", "dim=8,min-count=1,sample=0,workers=1", "--out", out.toString(), "--json");
        assertEquals(0, trained.status(), trained.err());
        assertEquals(out.resolve("vectors.bin").toString(), Cli.string(trained.out(), "vectors_binary"));
        for (String file : new String[] {"vectors.txt", "vectors.bin"}) {
            Cli.Result near = run("nearest", "--vectors", out.resolve(file).toString(), "red", "--count", "6");
            assertEquals(0, near.status(), near.err());
            assertEquals(5, near.out().strip().split("\n").length, near.out());
        }
        Cli.Result optimizer = run("train", "--model", "word2vec", "--data", "text:" + corpus, "--optimizer", "adam",
                "--out", dir.resolve("other").toString());
        assertEquals(2, optimizer.status());
        assertTrue(optimizer.err().contains("--optimizer adam does not apply"), optimizer.err());
        assertEquals(1, optimizer.err().strip().split("\n").length, optimizer.err());
    }
}

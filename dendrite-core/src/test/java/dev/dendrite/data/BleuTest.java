// Corpus BLEU against sacreBLEU 2's published example (its README: two references per segment), the 13a
// tokenizer's rules, and the edge cases (perfect match, no overlap, short output), plus the parallel-text reader.
package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BleuTest {
    @TempDir
    Path dir;

    @Test
    void matchesSacreBleusPublishedExample() {
        List<String> sys = List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        List<List<String>> refs = List.of(List.of("The dog bit the man.", "The dog had bit the man."),
                List.of("It was not unexpected.", "No one was surprised."),
                List.of("The man bit him first.", "The man had bitten the dog."));
        Bleu.Score s = Bleu.corpusMulti(sys, refs);
        // sacreBLEU: 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)
        assertEquals(48.53, s.score(), 0.005);
        assertArrayEquals(new double[] {82.35, 50.0, 45.45, 37.5}, s.precisions(), 0.01);
        assertEquals(0.943, s.brevityPenalty(), 0.0005);
        assertEquals(17, s.hypothesisLength());
        assertEquals(18, s.referenceLength());
    }

    @Test
    void tokenizesByThe13aRules() {
        assertEquals(List.of("Hello", ",", "world", "!", "It's", "3.5", "-", "4", "-", "5", "(", "ok", ")", "\"", "q",
                "\"", "a", "/", "b", "x", ",", "y", "1,000", "."),
                Bleu.tokenize13a("Hello, world! It's 3.5 - 4-5 (ok) &quot;q&quot; a/b x,y 1,000."));
        assertEquals(List.of("tip-tank"), Bleu.tokenize13a("tip-tank"));
        assertEquals(List.of(), Bleu.tokenize13a("  "));
    }

    @Test
    void perfectNoneAndShortOutputs() {
        assertEquals(100, Bleu.corpus(List.of("a b c d e"), List.of("a b c d e")).score(), 1e-9);
        assertEquals(0, Bleu.corpus(List.of(""), List.of("a b c d")).score());
        Bleu.Score none = Bleu.corpus(List.of("x y z w"), List.of("a b c d"));
        // sacreBLEU's exp smoothing: the k-th zero count becomes 1 / 2^k of a match
        assertArrayEquals(new double[] {100.0 / 8, 100.0 / 12, 100.0 / 16, 100.0 / 16}, none.precisions(), 1e-9);
        assertEquals(Math.pow(100.0 / 8 * 100.0 / 12 * 100.0 / 16 * 100.0 / 16, 0.25), none.score(), 1e-9);
        // half the length: BP = exp(1 - 8/4); every n-gram matches
        Bleu.Score shortOne = Bleu.corpus(List.of("a b c d"), List.of("a b c d e f g h"));
        assertEquals(100 * Math.exp(1 - 2.0), shortOne.score(), 1e-9);
    }

    @Test
    void readsParallelTextAndNamesBadLines() throws IOException {
        Path ok = dir.resolve("pairs.tsv");
        Files.writeString(ok, "Guten Morgen.\tGood morning.\n\nDanke!\tThanks!\n");
        assertEquals(List.of(new ParallelText.Pair("Guten Morgen.", "Good morning."), new ParallelText.Pair("Danke!",
                "Thanks!")), ParallelText.read(ok));
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "a\tb\nno tab here\n");
        var e = assertThrows(DataFormatException.class, () -> ParallelText.read(bad));
        assertTrue(e.getMessage().contains("bad.tsv:2: expected source<TAB>target"), e.getMessage());
        Path empty = dir.resolve("empty.tsv");
        Files.writeString(empty, "\tb\n");
        assertTrue(assertThrows(DataFormatException.class, () -> ParallelText.read(empty)).getMessage()
                .contains("an empty side"));
    }
}

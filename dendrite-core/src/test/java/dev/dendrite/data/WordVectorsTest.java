// Word vectors: both word2vec formats round trip and bad files are named; analogies, nearest neighbours and
// Spearman's rho against values computed by hand.
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

class WordVectorsTest {
    @TempDir
    Path dir;

    /** man, woman, king, queen, apple in 3-D: king - man + woman points at queen. */
    static WordVectors royals() {
        return new WordVectors(List.of("man", "woman", "King", "queen", "apple"), 3,
                new float[] {1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0.5f, 0.5f, -1});
    }

    @Test
    void kingMinusManPlusWomanIsQueen() {
        WordVectors v = royals().lowerCased();
        List<WordVectors.Neighbour> answer = v.mostSimilar(List.of("king", "woman"), List.of("man"), 2, 100);
        assertEquals("queen", answer.getFirst().word());
        // query (1/sqrt2 - 1, 1, 1/sqrt2) / |.|, queen (0, 1, 1) / sqrt2: cosine 0.9585 by hand
        assertEquals(0.9585, answer.getFirst().similarity(), 1e-4);
        assertEquals("queen", v.nearest("woman", 1).getFirst().word()); // cos 1/sqrt2 against king's 0
        assertEquals(0.5, v.similarity("king", "queen"), 1e-6);
        assertThrows(DataFormatException.class, () -> v.nearest("prince", 1));
    }

    @Test
    void bothFormatsRoundTripAndBadFilesAreNamed() throws IOException {
        WordVectors v = royals();
        v.writeText(dir.resolve("v.txt"));
        v.writeBinary(dir.resolve("v.bin"));
        for (String f : List.of("v.txt", "v.bin")) {
            WordVectors back = WordVectors.read(dir.resolve(f));
            assertEquals(v.words(), back.words(), f);
            assertArrayEquals(v.vector("apple"), back.vector("apple"), f);
        }
        Files.writeString(dir.resolve("bad.txt"), "5 x\nman 1 0 0\n");
        assertTrue(assertThrows(DataFormatException.class, () -> WordVectors.read(dir.resolve("bad.txt"))).getMessage()
                .contains("the first line must be 'COUNT DIMENSION'"));
        Files.writeString(dir.resolve("short.txt"), "2 3\nman 1 0 0\nwoman 0 1\n");
        assertTrue(assertThrows(DataFormatException.class, () -> WordVectors.read(dir.resolve("short.txt")))
                .getMessage().contains("line 3 has 2 values, the header says 3"));
    }

    @Test
    void analogiesAreScoredPerSectionWithUnknownQuestionsSkipped() throws IOException {
        Path questions = Files.writeString(dir.resolve("q.txt"), """
                : royals
                man woman king queen
                man woman King apple
                : unknown
                man woman prince princess
                """);
        WordEvaluation.Analogies a = WordEvaluation.analogies(royals(), questions, 30_000);
        assertEquals(2, a.answered());
        assertEquals(1, a.skipped());
        assertEquals(0.5, a.accuracy());
        assertEquals(new WordEvaluation.Section("royals", 1, 2), a.sections().getFirst());
        WordEvaluation.Analogies restricted = WordEvaluation.analogies(royals(), questions, 3); // queen is 4th
        assertEquals(3, restricted.skipped());
    }

    @Test
    void spearmanRanksWithTiesAveraged() throws IOException {
        assertEquals(0.8, WordEvaluation.spearman(List.of(1.0, 2.0, 3.0, 4.0), List.of(1.0, 3.0, 2.0, 4.0)), 1e-12);
        // ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 * 5) = 0.948683
        assertEquals(0.948683, WordEvaluation.spearman(List.of(1.0, 2.0, 2.0, 3.0), List.of(1.0, 2.0, 3.0, 4.0)), 1e-6);
        Path pairs = Files.writeString(dir.resolve("pairs.tsv"), "# word1\tword2\tscore\nking\tqueen\t9\n"
                + "man\twoman\t8\nking\tapple\t1\nking\tprince\t7\n");
        WordEvaluation.Similarity s = WordEvaluation.similarity(royals(), pairs);
        assertEquals(3, s.pairsFound());
        assertEquals(1, s.pairsSkipped());
        // cosines: king-queen 0.5, man-woman 0, king-apple (0.5 - 1) / (sqrt2 sqrt1.5) = -0.289: same order as 9, 8, 1
        assertEquals(1.0, s.spearman(), 1e-12);
    }
}

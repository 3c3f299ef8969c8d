// WordCorpus: words by frequency (ties by first appearance), rare words dropped from the sentences, punctuation
// and HTML left out, over-long lines cut, gzip read, and bad bytes named.
package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordCorpusTest {
    @TempDir
    Path dir;

    @Test
    void countsOrdersAndDropsRareWords() throws IOException {
        Path file = dir.resolve("c.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("The cat, the DOG.<br />\n\nA cat and the bird!\nbird dog\n".getBytes());
        }
        WordCorpus c = WordCorpus.read(file, 2);
        assertEquals(List.of("the", "cat", "dog", "bird"), c.vocabulary());
        assertArrayEquals(new long[] {3, 2, 2, 2}, c.counts());
        assertArrayEquals(new int[] {0, 1, 0, 2, 1, 0, 3, 3, 2}, c.words());
        assertArrayEquals(new int[] {0, 4, 7, 9}, c.starts());
        assertEquals(11, c.wordsRead());
    }

    @Test
    void longLinesAreCutIntoSentencesOfAtMostTheLimit() throws IOException {
        Path file = Files.writeString(dir.resolve("long.txt"), "w ".repeat(WordCorpus.MAX_SENTENCE * 2 + 5));
        WordCorpus c = WordCorpus.read(file, 1);
        assertArrayEquals(new int[] {0, WordCorpus.MAX_SENTENCE, 2 * WordCorpus.MAX_SENTENCE,
                2 * WordCorpus.MAX_SENTENCE + 5}, c.starts());
    }

    @Test
    void invalidUtf8IsNamed() throws IOException {
        Path file = Files.write(dir.resolve("bad.txt"), new byte[] {'a', ' ', (byte) 0xff, '\n'});
        var e = assertThrows(DataFormatException.class, () -> WordCorpus.read(file, 1));
        assertTrue(e.getMessage().contains("bad.txt") && e.getMessage().contains("UTF-8"), e.getMessage());
    }
}

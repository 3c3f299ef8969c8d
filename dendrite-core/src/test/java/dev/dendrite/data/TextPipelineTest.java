// The text pipeline: tokenisation (Unicode, HTML, empty text), vocabularies (counts, limits, ties, specials),
// padding and length buckets, and labelled-text files with their errors; the real IMDB file when it is there.
package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TextPipelineTest {
    @TempDir
    Path dir;

    @Test
    void tokensAreWordsAndPunctuationWithHtmlGoneAndCaseFolded() {
        assertEquals(List.of("i", "didn't", "like", "it", ".", "the", "end", "!"),
                Tokenizer.DEFAULT.tokenize("I didn't like it.<br /><br />The END!"));
        assertEquals(List.of("l'été", "à", "zürich", ",", "東京", "2024", "—", "ok"),
                Tokenizer.DEFAULT.tokenize("L'été à Zürich, 東京 2024 — ok"));
        assertEquals(List.of("Keep", "Case", "'", "quoted", "'"), new Tokenizer(false).tokenize("Keep Case 'quoted'"));
        assertEquals(List.of(), Tokenizer.DEFAULT.tokenize(""));
        assertEquals(List.of(), Tokenizer.DEFAULT.tokenize("  <p> </p>\n"));
        assertEquals(List.of(List.of("one", "."), List.of("two", "?"), List.of("three")),
                Tokenizer.DEFAULT.sentences("One. Two? three"));
    }

    @Test
    void aVocabularyKeepsFrequentTokensAfterTheSpecialsInAFixedOrder() {
        List<List<String>> texts = List.of(List.of("b", "a", "c", "a"), List.of("c", "b", "d", "a"));
        Vocabulary v = Vocabulary.build(texts, 2, 100, Vocabulary.DEFAULT_SPECIALS);
        assertEquals(List.of("<pad>", "<unk>", "a", "b", "c"), v.tokens()); // a: 3; b, c: 2 (alphabetical); d: 1
        assertEquals(1, v.id("d"));
        assertArrayEquals(new int[] {2, 1, 4}, v.encode(List.of("a", "zzz", "c")));
        assertEquals(List.of("<pad>", "<unk>", "a", "b"), Vocabulary.build(texts, 1, 4, Vocabulary.DEFAULT_SPECIALS).tokens());
        assertEquals(v.tokens(), Vocabulary.of(v.tokens()).tokens());
        List<String> bert = List.of("[PAD]", Vocabulary.UNK, "[CLS]", "[SEP]", "[MASK]");
        assertEquals(5, Vocabulary.build(texts, 5, 10, bert).size());
        assertThrows(DataFormatException.class, () -> Vocabulary.of(List.of("<pad>", "a")));
        assertThrows(DataFormatException.class, () -> Vocabulary.of(List.of("<unk>", "a", "a")));
    }

    @Test
    void paddingCutsAndFillsAndBucketsGroupSimilarLengths() {
        Sequences.Padded p = Sequences.pad(List.of(new int[] {5, 6, 7, 8}, new int[] {9}, new int[0]), 3, 0);
        assertArrayEquals(new int[] {3, 1, 1}, p.lengths());
        assertEquals(Tensor.fromArray(new long[] {5, 6, 7, 9, 0, 0, 0, 0, 0}, 3, 3).toString(), p.ids().toString());
        int[] lengths = {5, 1, 9, 2, 8, 3, 7};
        List<int[]> epoch0 = Sequences.byLength(lengths, 2, 1, 0);
        int[] covered = epoch0.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, covered);
        for (int[] batch : epoch0) {
            assertTrue(batch.length <= 2);
            if (batch.length == 2) {
                assertTrue(Math.abs(lengths[batch[0]] - lengths[batch[1]]) <= 2, Arrays.toString(batch));
            }
        }
        assertEquals(render(epoch0), render(Sequences.byLength(lengths, 2, 1, 0)), "the same seed and epoch");
        assertNotEquals(render(epoch0), render(Sequences.byLength(lengths, 2, 1, 5)), "another epoch, another order");
    }

    private static String render(List<int[]> batches) {
        return String.join(" ", batches.stream().map(Arrays::toString).toList());
    }

    @Test
    void labelledTextReadsIntegerOrNamedLabelsAndNamesBadRows() throws IOException {
        Path named = dir.resolve("named.tsv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(named))) {
            o.write("label\ttext\npos\tgreat film\nneg\tdull\npos\tloved it\n".getBytes(StandardCharsets.UTF_8));
        }
        LabelledText t = LabelledText.read(named);
        assertEquals(List.of("neg", "pos"), t.labelNames());
        assertArrayEquals(new int[] {1, 0, 1}, t.labels());
        assertEquals("dull", t.texts().get(1));
        Path numbers = Files.writeString(dir.resolve("n.tsv"), "0\ta\n2\tb\n1\tc\n3\td\n");
        LabelledText n = LabelledText.read(numbers);
        assertEquals(4, n.labelNames().size());
        List<LabelledText> parts = n.split(7, 0.5);
        assertEquals(2, parts.get(0).size() + parts.get(1).size() - 2);
        for (String[] bad : new String[][] {{"1 no tab\n", "line 1 has no tab"}, {"1\t \n", "line 1 has an empty text"},
                {"\ttext\n", "line 1 has an empty label"}, {"label\ttext\n", "no rows"}}) {
            Path file = Files.writeString(dir.resolve("bad.tsv"), bad[0]);
            DataFormatException e = assertThrows(DataFormatException.class, () -> LabelledText.read(file));
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("bad.tsv"), e.getMessage());
        }
        Path latin1 = dir.resolve("latin1.tsv");
        Files.write(latin1, "1\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(DataFormatException.class, () -> LabelledText.read(latin1)).getMessage().contains("UTF-8"));
    }

    @Test
    void theImdbReviewsAre50kBalancedRows() throws IOException {
        Path imdb = Path.of("..", "..", "shared", "data", "sentiment", "imdb50k.tsv.gz");
        assumeTrue(Files.exists(imdb), "../shared/data is not here");
        LabelledText t = LabelledText.read(imdb);
        assertEquals(50_000, t.size());
        assertEquals(List.of("0", "1"), t.labelNames());
        assertEquals(25_000, Arrays.stream(t.labels()).sum());
        assertTrue(!Tokenizer.DEFAULT.tokenize(t.texts().getFirst()).contains("br"), "HTML tags are removed");
    }
}

// Text data: the character vocabulary, the truncated-BPTT stream, the tar reader, the Brown corpus parser and
// its reduction to universal tags (and, where ../shared/data is present, the whole corpus).
package dev.dendrite.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDataTest {
    @TempDir
    Path dir;

    @Test
    void charVocabularyRoundTripsAndNamesUnknownCharacters() {
        CharVocabulary v = CharVocabulary.of("hello, world");
        assertEquals(" ,dehlorw", v.symbols());
        assertArrayEquals(new long[] {4, 3, 5, 5, 6}, v.encode("hello"));
        assertEquals("world", v.decode(v.encode("world")));
        assertEquals(v.symbols(), CharVocabulary.fromSymbols(v.symbols()).symbols());
        DataFormatException e = assertThrows(DataFormatException.class, () -> v.encode("helo!"));
        assertEquals("character vocabulary: '!' (U+0021) at position 4 is not among the 9 characters the model knows",
                e.getMessage());
        assertThrows(DataFormatException.class, () -> CharVocabulary.fromSymbols("ba"));
    }

    @Test
    void textStreamWindowsContinueEachStreamWithTargetsOneAhead() {
        long[] tokens = new long[23];
        for (int i = 0; i < tokens.length; i++) tokens[i] = i;
        TextStream s = new TextStream(tokens, 2, 4); // streams 0..10 and 11..21, token 22 dropped
        assertEquals(3, s.windows()); // 10 inputs per stream: 4 + 4 + 2
        Batch first = s.get(0);
        assertArrayEquals(new long[] {0, 1, 2, 3, 11, 12, 13, 14}, first.inputs().toLongArray());
        assertArrayEquals(new long[] {1, 2, 3, 4, 12, 13, 14, 15}, first.targets().toLongArray());
        Batch last = s.get(2);
        assertArrayEquals(new long[] {8, 9, 19, 20}, last.inputs().toLongArray());
        assertArrayEquals(new long[] {9, 10, 20, 21}, last.targets().toLongArray());
        assertEquals(20, s.tokens());
        assertThrows(dev.dendrite.tensor.ShapeException.class, () -> new TextStream(new long[] {1, 2, 3}, 2, 4));
    }

    /** A tar archive (ustar headers, no checksum check needed by the reader) of the given files. */
    static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : files.entrySet()) {
            byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[512];
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, header, 0, name.length);
            byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(size, 0, header, 124, size.length);
            header[156] = '0';
            out.write(header);
            out.write(data);
            out.write(new byte[(512 - data.length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    static Path brownArchive(Path dir, String text) throws IOException {
        Path file = dir.resolve("brown.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(tar(Map.of("brown/README", "not a corpus file", "brown/ca01", text)));
        }
        return file;
    }

    @Test
    void tarReaderReturnsRegularFilesOfPlainAndGzippedArchives() throws IOException {
        Path plain = dir.resolve("a.tar");
        Files.write(plain, tar(Map.of("x/one.txt", "first", "two.txt", "second file")));
        Map<String, byte[]> files = Tar.readFiles(plain);
        assertEquals("first", new String(files.get("x/one.txt"), StandardCharsets.UTF_8));
        assertEquals("second file", new String(files.get("two.txt"), StandardCharsets.UTF_8));
        Path truncated = dir.resolve("b.tar");
        Files.write(truncated, java.util.Arrays.copyOf(tar(Map.of("a", "b")), 512));
        assertThrows(DataFormatException.class, () -> Tar.readFiles(truncated));
    }

    @Test
    void brownTagsReduceToTheUniversalSet() {
        Map<String, String> cases = Map.ofEntries(Map.entry("nn-tl", "NOUN"), Map.entry("np$", "NOUN"),
                Map.entry("bez*", "VERB"), Map.entry("*", "ADV"), Map.entry("ppss+bem", "PRON"),
                Map.entry("fw-nn", "X"), Map.entry("``", "."), Map.entry(",-hl", "."), Map.entry("at", "DET"),
                Map.entry("cs", "ADP"), Map.entry("od", "ADJ"), Map.entry("to", "PRT"), Map.entry("cd", "NUM"),
                Map.entry("nn-tl-hl", "NOUN"), Map.entry("pp$", "PRON"), Map.entry("wql", "ADV"));
        cases.forEach((brown, universal) -> assertEquals(universal, UniversalTags.fromBrown(brown), brown));
        DataFormatException e = assertThrows(DataFormatException.class, () -> UniversalTags.fromBrown("zz"));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }

    @Test
    void brownArchiveParsesSentencesSplittingTokensAtTheLastSlash() throws IOException {
        Path archive = brownArchive(dir, "\n\n\tThe/at jury/nn said/vbd ./.\n\n\n\tAnd/cc 1/2/cd more/ap ./.\n");
        List<TaggedCorpus.Sentence> s = TaggedCorpus.readBrown(archive);
        assertEquals(2, s.size());
        assertEquals(List.of("The", "jury", "said", "."), s.get(0).words());
        assertEquals(List.of("DET", "NOUN", "VERB", "."), s.get(0).tags());
        assertEquals(List.of("And", "1/2", "more", "."), s.get(1).words());
        assertEquals(List.of("CONJ", "NUM", "DET", "."), s.get(1).tags());
        Path bad = brownArchive(Files.createDirectory(dir.resolve("bad")), "\tno-tag-here\n");
        assertThrows(DataFormatException.class, () -> TaggedCorpus.readBrown(bad));
    }

    @Test
    void theWholeBrownCorpusReadsIntoTheUniversalTags() throws IOException {
        Path archive = Path.of("../../shared/data/pos/brown-corpus-tagged.tar.gz");
        Assumptions.assumeTrue(Files.exists(archive), "the shared Brown corpus is not here");
        List<TaggedCorpus.Sentence> s = TaggedCorpus.readBrown(archive);
        assertEquals(57_340, s.size()); // as the data set's README says
        assertEquals(1_161_192, s.stream().mapToInt(x -> x.words().size()).sum());
    }

    @Test
    void wordHashingGivesTrigramIndicesAndRebuildsFromItsVocabulary() {
        WordHashing h = WordHashing.fit(List.of("apple", "apply"));
        assertEquals(List.of("#ap", "app", "le#", "ly#", "ple", "ply", "ppl"), h.vocabulary());
        assertArrayEquals(new int[] {0, 1, 6, 4, 2}, h.indices("Apple"));
        assertArrayEquals(h.indices("apple"), WordHashing.of(h.vocabulary()).indices("apple"));
        assertArrayEquals(new int[] {1}, h.indices("zapp")); // #za, zap and pp# are unknown
        assertEquals(5.0, h.encode(List.of("apple")).sum().item());
    }
}

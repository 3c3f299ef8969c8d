// WordPiece: BERT's basic tokenisation (accents, case, punctuation, CJK, control characters), greedy
// longest-match pieces on a hand-made vocab.txt with ids worked out by hand, round trips, vocabulary errors, and a
// vocabulary trained from a small corpus.
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

class WordPieceTest {
    @TempDir
    Path dir;

    /** bert-base-uncased's layout in miniature: [PAD] 0, unused slots, then [UNK] [CLS] [SEP] [MASK]. */
    private static final List<String> VOCAB = List.of("[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "un", "##aff", "##able", "runn", "##ing", "want", "##ed", "##s", ",", ".", "!", "the", "a", "##a", "你");

    @Test
    void basicTokenisationFollowsBert() {
        BertBasicTokenizer uncased = new BertBasicTokenizer(true);
        assertEquals(List.of("hello", ",", "world", "!", "你", "好", "naive", "cafe", "$", "5", "'", "s"),
                uncased.tokenize(" Héllo,WORLD!你好\tnaïve  Café\u0000 $5's\u200b"));
        assertEquals(List.of("Héllo", "-", "World"), new BertBasicTokenizer(false).tokenize("Héllo-World"));
        assertEquals(List.of(), uncased.tokenize(" \n\t "));
    }

    @Test
    void piecesAndIdsMatchTheAlgorithmByHand() throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.writeString(file, String.join("\n", VOCAB) + "\n");
        WordPiece wp = WordPiece.read(file, true);
        assertEquals(List.of("un", "##aff", "##able", ",", "runn", "##ing", "want", "##ed", "!"),
                wp.tokenize("UNAFFABLE, running wanted!"));
        assertArrayEquals(new int[] {6, 7, 8, 14, 9, 10, 11, 12, 16}, wp.encode("UNAFFABLE, running wanted!"));
        // no cutting of "wantx": the whole word is [UNK]; over-long words too
        assertArrayEquals(new int[] {17, 2, 2, 18, 19, 19}, wp.encode("the wantx " + "a".repeat(101) + " aaa"));
        assertEquals("unaffable , running wanted !", wp.decode(wp.encode("UNAFFABLE, running wanted!")));
        assertArrayEquals(new int[] {3, 17, 5, 2, 4}, wp.encode("[CLS] the [MASK] wantx[SEP]"), "special tokens stay whole");
        assertEquals(String.join("\n", VOCAB) + "\n", wp.toVocabText());
    }

    @Test
    void badVocabulariesAreNamed() throws IOException {
        Path dup = dir.resolve("dup.txt");
        Files.writeString(dup, "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\nthe\n");
        var e = assertThrows(DataFormatException.class, () -> WordPiece.read(dup, true));
        assertTrue(e.getMessage().contains("dup.txt: WordPiece vocabulary: token 'the' appears twice, at ids 5 and 6"),
                e.getMessage());
        var noMask = assertThrows(DataFormatException.class, () -> new WordPiece(List.of("[PAD]", "[UNK]", "[CLS]",
                "[SEP]"), true));
        assertTrue(noMask.getMessage().contains("[MASK] is missing"), noMask.getMessage());
    }

    @Test
    void trainsAVocabularyOfMergedPieces() {
        WordPieceTrainer trainer = new WordPieceTrainer(true);
        for (int i = 0; i < 50; i++) {
            trainer.add("The king and the queen walked; the kings walked again.");
            trainer.add("Walking kings, talking queens!");
        }
        WordPiece wp = trainer.train(60, 2, true);
        assertTrue(wp.size() <= 60, "size " + wp.size());
        assertEquals(WordPiece.SPECIALS, List.of(wp.token(0), wp.token(1), wp.token(2), wp.token(3), wp.token(4)));
        assertTrue(wp.contains("the") && wp.contains("king"), "frequent words become tokens");
        List<String> pieces = wp.tokenize("The kingsking");
        assertEquals("the", pieces.getFirst());
        assertTrue(pieces.get(1).startsWith("king") && pieces.stream().skip(2).allMatch(p -> p.startsWith("##")),
                "an unseen word cut into known pieces: " + pieces);
        for (String text : List.of("walked again", "talking queens")) {
            assertEquals(text, wp.decode(wp.encode(text)), "round trip of " + text);
        }
        WordPieceTrainer again = new WordPieceTrainer(true);
        for (int i = 0; i < 50; i++) {
            again.add("The king and the queen walked; the kings walked again.");
            again.add("Walking kings, talking queens!");
        }
        assertEquals(wp.toVocabText(), again.train(60, 2, true).toVocabText(), "training is deterministic");
    }
}

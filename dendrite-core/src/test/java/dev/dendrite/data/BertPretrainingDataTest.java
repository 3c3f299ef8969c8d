// BERT's pretraining examples: the masking proportions on a large seeded sample, pairs that keep to the sequence
// length and never draw a NotNext sentence from their own document, and masking that changes with the seed.
package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertPretrainingDataTest {
    /** Specials 0..4, then "w5" .. "w104". */
    private static WordPiece vocab() {
        List<String> tokens = new ArrayList<>(WordPiece.SPECIALS);
        for (int i = 5; i < 105; i++) tokens.add("w" + i);
        return new WordPiece(tokens, true);
    }

    @Test
    void masksFifteenPercentAsEightyTenTen() {
        WordPiece v = vocab();
        List<BertPretrainingData.Example> examples = new ArrayList<>();
        Generator g = new Generator(1);
        for (int e = 0; e < 400; e++) {
            int[] ids = new int[102];
            ids[0] = 2;
            for (int k = 1; k < 101; k++) ids[k] = 5 + g.nextInt(100);
            ids[101] = 3;
            examples.add(new BertPretrainingData.Example(ids, new int[102], true));
        }
        BertPretrainingData.Batch b = BertPretrainingData.batch(examples, v, 0.15, 7);
        long[] ids = b.ids().toLongArray();
        long[] labels = b.mlmLabels().toLongArray();
        int selected = 0;
        int masked = 0;
        int kept = 0;
        for (int i = 0; i < ids.length; i++) {
            int k = i % 102;
            if (labels[i] == BertPretrainingData.IGNORE) {
                assertEquals(examples.get(i / 102).ids()[k], ids[i], "unselected positions are unchanged");
                continue;
            }
            assertTrue(k != 0 && k != 101, "[CLS] and [SEP] are never selected");
            selected++;
            if (ids[i] == 4) masked++;
            else if (ids[i] == labels[i]) kept++;
        }
        double share = selected / (400.0 * 100);
        assertEquals(0.15, share, 0.01);
        assertEquals(0.8, masked / (double) selected, 0.02);
        assertEquals(0.1 + 0.1 / 100, kept / (double) selected, 0.02); // a random token equals the original 1 in 100
        long[] other = BertPretrainingData.batch(examples, v, 0.15, 8).mlmLabels().toLongArray();
        assertFalse(java.util.Arrays.equals(labels, other), "another seed masks other positions (dynamic masking)");
    }

    @Test
    void pairsFitTheLengthAndNotNextComesFromAnotherDocument() {
        WordPiece v = vocab();
        List<List<int[]>> docs = new ArrayList<>();
        Generator g = new Generator(2);
        for (int d = 0; d < 40; d++) {
            List<int[]> doc = new ArrayList<>();
            int lines = 1 + g.nextInt(8);
            for (int l = 0; l < lines; l++) {
                int[] line = new int[3 + g.nextInt(15)];
                // each token encodes its document (d) so a pair's origin can be read back: ids 5 + d .. 5 + d + 1
                for (int k = 0; k < line.length; k++) line[k] = 5 + 2 * d + (k % 2);
                doc.add(line);
            }
            docs.add(doc);
        }
        List<BertPretrainingData.Example> pairs = BertPretrainingData.pairs(docs, v, 32, new Generator(3));
        int isNext = 0;
        for (BertPretrainingData.Example e : pairs) {
            int[] ids = e.ids();
            assertTrue(ids.length <= 32);
            assertEquals(2, ids[0]);
            assertEquals(3, ids[ids.length - 1]);
            int sep = 1;
            while (ids[sep] != 3) sep++;
            int docA = (ids[1] - 5) / 2;
            int docB = (ids[sep + 1] - 5) / 2;
            for (int k = 0; k < ids.length; k++) assertEquals(k > sep ? 1 : 0, e.segments()[k], "segment of " + k);
            if (e.isNext()) {
                isNext++;
                assertEquals(docA, docB, "IsNext: B continues A's document");
            } else {
                assertTrue(docA != docB, "NotNext: B from another document");
            }
        }
        assertEquals(0.5, isNext / (double) pairs.size(), 0.12);
    }
}

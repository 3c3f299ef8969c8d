// Word2VecUpdate's tables against hand-worked values (Huffman codes, the negative table's shares, subsampling),
// and its passes: one thread with one seed repeats itself bit for bit, and every architecture lowers its loss.
package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Word2VecUpdateTest {
    /** Observed last-over-first loss ratios: skip-gram hs 0.888, ns 0.775; cbow hs 0.782, ns 0.639. */
    private static final double THRESHOLD = 0.93;
    @Test
    void huffmanCodesFollowWord2VecCsTree() {
        // Counts 5, 3, 2, 1: merge 1+2 -> node 4 (3), then 3 with node 4 -> node 5 (6), then 5 with node 5 -> root 6.
        Word2VecUpdate.Huffman h = Word2VecUpdate.Huffman.of(new long[] {5, 3, 2, 1});
        assertArrayEquals(new int[] {0, 1, 3, 6, 9}, h.start());
        assertArrayEquals(new byte[] {0, 1, 0, 1, 1, 1, 1, 1, 0}, h.codes());
        assertArrayEquals(new int[] {2, 2, 1, 2, 1, 0, 2, 1, 0}, h.points());
    }

    @Test
    void negativeTableDrawsByCountToTheThreeQuarters() {
        long[] counts = {16, 1, 81, 1, 0};
        double[] expected = {8 / 37.0, 1 / 37.0, 27 / 37.0, 0}; // count^0.75: 8, 1, 27, 1 and 0, of 37
        long[] table = Word2VecUpdate.negativeTable(counts);
        double[] drawn = new double[counts.length];
        for (int column = 0; column < table.length; column++) { // each column's chance is 1 / V
            double self = Math.min(1, (table[column] >>> 31) / 0x1p32);
            drawn[column] += self / table.length;
            drawn[(int) (table[column] & 0x7FFFFFFF)] += (1 - self) / table.length;
        }
        assertEquals(expected[0], drawn[0], 1e-9);
        assertEquals(expected[1], drawn[1], 1e-9);
        assertEquals(expected[2], drawn[2], 1e-9);
        assertEquals(expected[1], drawn[3], 1e-9);
        assertEquals(expected[3], drawn[4], 1e-9);
    }

    @Test
    void subsamplingKeepsRareWordsMoreOften() {
        // t = 1e-3 * 1010 = 1.01: (sqrt(1000 / 1.01) + 1) * 1.01 / 1000 and (sqrt(10 / 1.01) + 1) * 1.01 / 10.
        float[] keep = Word2VecUpdate.keepProbabilities(new long[] {1000, 10}, 1e-3);
        assertEquals(0.0327905, keep[0], 1e-6);
        assertEquals(0.418805, keep[1], 1e-6);
        assertArrayEquals(new float[] {1, 1}, Word2VecUpdate.keepProbabilities(new long[] {1000, 10}, 0));
    }

    /** A corpus of 20 words in 4 classes: each sentence draws 8 words from one class. */
    private static int[][] corpus() {
        Random r = new Random(3);
        int sentences = 400;
        int[] words = new int[sentences * 8];
        int[] starts = new int[sentences + 1];
        for (int s = 0; s < sentences; s++) {
            int c = r.nextInt(4);
            for (int k = 0; k < 8; k++) {
                words[s * 8 + k] = c * 5 + r.nextInt(5);
            }
            starts[s + 1] = (s + 1) * 8;
        }
        return new int[][] {words, starts};
    }

    private static double[] train(boolean skipGram, int negative, boolean hierarchical, long seed) {
        int[][] c = corpus();
        long[] counts = new long[20];
        Arrays.stream(c[0]).forEach(w -> counts[w]++);
        Generator g = new Generator(1);
        Tensor input = Tensor.uniform(g, -0.05, 0.05, DType.FLOAT32, 20, 10);
        Tensor output = Tensor.zeros(DType.FLOAT32, 20, 10);
        Tensor tree = Tensor.zeros(DType.FLOAT32, 19, 10);
        Word2VecUpdate update = new Word2VecUpdate(new Word2VecUpdate.Settings(skipGram, 3, negative, hierarchical),
                input, output, tree, Word2VecUpdate.negativeTable(counts),
                Word2VecUpdate.keepProbabilities(counts, 0), Word2VecUpdate.Huffman.of(counts));
        double first = update.train(c[0], c[1], 0, 400, seed, 0.05f, 0.05f).loss();
        for (int epoch = 0; epoch < 4; epoch++) {
            update.train(c[0], c[1], 0, 400, seed + epoch + 1, 0.05f, 0.01f);
        }
        Word2VecUpdate.Pass last = update.train(c[0], c[1], 0, 400, seed + 9, 0.01f, 0.01f);
        double[] out = Arrays.copyOf(input.toDoubleArray(), 202);
        out[200] = first;
        out[201] = last.loss();
        return out;
    }

    @Test
    void aSeededPassRepeatsItselfAndEveryArchitectureLearns() {
        assertArrayEquals(train(true, 5, false, 4), train(true, 5, false, 4));
        StringBuilder ratios = new StringBuilder();
        boolean allLearn = true;
        for (boolean skipGram : new boolean[] {true, false}) {
            for (boolean hierarchical : new boolean[] {true, false}) {
                double[] run = train(skipGram, hierarchical ? 0 : 5, hierarchical, 4);
                ratios.append(skipGram ? " skip-gram" : " cbow").append(hierarchical ? " hs " : " ns ")
                        .append(String.format("%.3f", run[201] / run[200]));
                allLearn &= run[201] < THRESHOLD * run[200];
            }
        }
        assertTrue(allLearn, "last pass's loss over the first's:" + ratios);
    }

    @Test
    void mismatchedTablesAreRefused() {
        Tensor input = Tensor.zeros(DType.FLOAT32, 4, 3);
        var e = assertThrows(RuntimeException.class, () -> new Word2VecUpdate(
                new Word2VecUpdate.Settings(true, 2, 1, false), input, Tensor.zeros(DType.FLOAT32, 5, 3), null,
                new long[] {0}, new float[4], null));
        assertTrue(e.getMessage().contains("(4, 3) negative output"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Word2VecUpdate.Settings(true, 2, 0, false));
    }
}

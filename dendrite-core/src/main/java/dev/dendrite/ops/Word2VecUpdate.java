package dev.dendrite.ops;

import dev.dendrite.kernels.FastWord2Vec;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.DTypeException;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * word2vec's training pass over sentences of word ids (Mikolov et al. 2013, as the original word2vec.c loops):
 * skip-gram or CBOW, negative sampling from the unigram^0.75 distribution and/or hierarchical softmax over a Huffman
 * tree,
 * frequent-word subsampling and a dynamic window, learning rate falling linearly across the pass. The gradients
 * are closed-form, so the tables are updated in place without a graph; threads may train different sentences over
 * the same tables at once without locks (Hogwild, as the original tool). Shapes: input (V, dim), negative output
 * (V, dim), tree output (V - 1, dim), all FLOAT32 and contiguous.
 */
public final class Word2VecUpdate {
    private static final int MAX_EXP = 6;
    private static final int EXP_TABLE_SIZE = 1000;
    /** sigmoid(x) and log sigmoid(x) at EXP_TABLE_SIZE points over [-MAX_EXP, MAX_EXP), as word2vec.c's expTable. */
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];
    private static final float[] LOG_SIGMOID = new float[EXP_TABLE_SIZE];
    private static final float STEPS_PER_UNIT = EXP_TABLE_SIZE / (2f * MAX_EXP);

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double x = (i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP;
            SIGMOID[i] = (float) (1 / (1 + Math.exp(-x)));
            LOG_SIGMOID[i] = (float) -Math.log1p(Math.exp(-x));
        }
    }

    /** Skip-gram (predict each context word from the centre) or CBOW (predict the centre from the context mean). */
    public record Settings(boolean skipGram, int window, int negative, boolean hierarchical) {
        public Settings {
            if (window < 1 || negative < 0 || (negative == 0 && !hierarchical)) {
                throw new IllegalArgumentException("Word2VecUpdate: window >= 1 and negative >= 0 required, and"
                        + " negative sampling or hierarchical softmax (or both), got window " + window + ", negative "
                        + negative + ", hierarchical " + hierarchical);
            }
        }
    }

    /**
     * Each word's Huffman code (bits) and the inner nodes on its path (points), flattened: word w's code is
     * {@code codes[start[w] .. start[w + 1])} with the nodes {@code points} at the same positions.
     */
    public record Huffman(int[] start, byte[] codes, int[] points) {
        /** The tree word2vec.c builds from the word counts (any order): frequent words get short codes. */
        public static Huffman of(long[] counts) {
            int v = counts.length;
            if (v < 2) {
                throw new IllegalArgumentException("Word2VecUpdate.Huffman: needs at least 2 words, got " + v);
            }
            long[] weight = Arrays.copyOf(counts, 2 * v - 1);
            int[] parent = new int[2 * v - 1];
            byte[] bit = new byte[2 * v - 1];
            PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) -> weight[a] != weight[b]
                    ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
            for (int w = 0; w < v; w++) {
                queue.add(w);
            }
            for (int node = v; node < 2 * v - 1; node++) {
                int a = queue.poll();
                int b = queue.poll();
                weight[node] = weight[a] + weight[b];
                parent[a] = node;
                parent[b] = node;
                bit[b] = 1;
                queue.add(node);
            }
            int root = 2 * v - 2;
            int[] start = new int[v + 1];
            int[] length = new int[v];
            for (int w = 0; w < v; w++) {
                for (int n = w; n != root; n = parent[n]) {
                    length[w]++;
                }
                start[w + 1] = start[w] + length[w];
            }
            byte[] codes = new byte[start[v]];
            int[] points = new int[start[v]];
            for (int w = 0; w < v; w++) {
                int at = start[w + 1];
                for (int n = w; n != root; n = parent[n]) {
                    at--; // from the root down: codes[start] is the root's branch
                    codes[at] = bit[n];
                    points[at] = parent[n] - v; // inner node index, row of the tree table
                }
            }
            return new Huffman(start, codes, points);
        }
    }

    /** What one {@link #train} call did: its summed loss over predictions, the predictions, and the words read. */
    public record Pass(double loss, long predictions, long words) {}

    private final Settings settings;
    private final int dim;
    private final float[] input;
    private final float[] negativeOut;
    private final float[] treeOut;
    private final long[] negativeTable;
    private final float[] keep;
    private final Huffman huffman;

    /**
     * @param negativeOut   the output table for negative sampling (null without it)
     * @param treeOut       the inner-node table for hierarchical softmax (null without it)
     * @param negativeTable the distribution negatives are drawn from (see {@link #negativeTable})
     * @param keep          per word, the probability a reading keeps it (see {@link #keepProbabilities})
     * @param huffman       the codes for hierarchical softmax (null without it)
     */
    public Word2VecUpdate(Settings settings, Tensor input, Tensor negativeOut, Tensor treeOut, long[] negativeTable,
                          float[] keep, Huffman huffman) {
        this.settings = settings;
        this.dim = input.size(1);
        this.input = data("input", input);
        this.negativeOut = settings.negative() > 0 ? data("negative output", negativeOut) : null;
        this.treeOut = settings.hierarchical() ? data("tree output", treeOut) : null;
        int v = input.size(0);
        if ((negativeOut != null && !negativeOut.shape().equals(input.shape()))
                || (settings.hierarchical() && (treeOut.size(0) != v - 1 || treeOut.size(1) != dim))
                || keep.length != v || (settings.hierarchical() && huffman.start().length != v + 1)) {
            throw new ShapeException("Word2VecUpdate: tables for " + v + " words of " + dim + " dims need a (" + v + ", "
                    + dim + ") negative output, a (" + (v - 1) + ", " + dim + ") tree and " + v + " keep probabilities");
        }
        this.negativeTable = negativeTable;
        this.keep = keep;
        this.huffman = huffman;
    }

    private static float[] data(String name, Tensor t) {
        if (t == null || t.dtype() != DType.FLOAT32 || !t.isContiguous() || t.rank() != 2) {
            throw new DTypeException("Word2VecUpdate: the " + name + " table must be a contiguous FLOAT32 matrix, got "
                    + (t == null ? "none" : t.dtype() + " " + t.shape()));
        }
        return ((Storage.F32) t.storage()).data;
    }

    /**
     * The unigram^0.75 distribution negatives are drawn from, as an alias table (Vose 1991): one entry per word w,
     * {@code threshold << 31 | alias}; a draw picks an entry uniformly, then w itself when a uniform 32-bit number is
     * below the threshold and the alias otherwise. Exact, O(1) per draw, and small enough to stay in cache, where
     * word2vec.c's 10^8-slot table costs a memory miss per negative.
     */
    public static long[] negativeTable(long[] counts) {
        int v = counts.length;
        double[] share = new double[v];
        double total = 0;
        for (int w = 0; w < v; w++) {
            share[w] = Math.pow(counts[w], 0.75);
            total += share[w];
        }
        int[] small = new int[v];
        int[] large = new int[v];
        int smalls = 0;
        int larges = 0;
        for (int w = 0; w < v; w++) {
            share[w] = share[w] * v / total;
            if (share[w] < 1) {
                small[smalls++] = w;
            } else {
                large[larges++] = w;
            }
        }
        long[] table = new long[v];
        while (smalls > 0 && larges > 0) {
            int less = small[--smalls];
            int more = large[--larges];
            table[less] = Math.round(share[less] * 0x1p32) << 31 | more;
            share[more] += share[less] - 1;
            if (share[more] < 1) {
                small[smalls++] = more;
            } else {
                large[larges++] = more;
            }
        }
        while (larges > 0) {
            int w = large[--larges];
            table[w] = 1L << 63 | w; // threshold 2^32: always itself
        }
        while (smalls > 0) {
            int w = small[--smalls]; // only rounding leaves one here
            table[w] = 1L << 63 | w;
        }
        return table;
    }

    /**
     * Frequent-word subsampling as word2vec.c: with t = sample * total words, a word seen c times is kept with
     * probability (sqrt(c / t) + 1) t / c (at most 1); sample 0 keeps every word.
     */
    public static float[] keepProbabilities(long[] counts, double sample) {
        long total = Arrays.stream(counts).sum();
        float[] keep = new float[counts.length];
        for (int w = 0; w < counts.length; w++) {
            double t = sample * total;
            keep[w] = sample <= 0 ? 1f : (float) Math.min(1, (Math.sqrt(counts[w] / t) + 1) * t / counts[w]);
        }
        return keep;
    }

    /**
     * Trains on sentences {@code from} to {@code to} of a corpus (sentence s is {@code words[starts[s] ..
     * starts[s + 1])}), the learning rate going linearly from {@code alphaStart} to {@code alphaEnd} across them; the
     * random draws (subsampling, window, negatives) come from {@code seed}.
     */
    public Pass train(int[] words, int[] starts, int from, int to, long seed, float alphaStart, float alphaEnd) {
        long[] rng = {seed};
        long random = seed;
        long total = starts[to] - starts[from];
        long read = 0;
        double loss = 0;
        long predictions = 0;
        int[] sentence = new int[0];
        float[] error = new float[dim];
        float[] mean = new float[dim];
        for (int s = from; s < to; s++) {
            int length = 0;
            sentence = sentence.length < starts[s + 1] - starts[s] ? new int[starts[s + 1] - starts[s]] : sentence;
            for (int i = starts[s]; i < starts[s + 1]; i++) {
                int w = words[i];
                random = random * 25214903917L + 11;
                if (keep[w] >= 1 || keep[w] >= (random >>> 48) / 65536f) {
                    sentence[length++] = w;
                }
            }
            float alpha = (float) (alphaStart + (alphaEnd - alphaStart) * (read / (double) Math.max(total, 1)));
            read += starts[s + 1] - starts[s];
            for (int pos = 0; pos < length; pos++) {
                random = random * 25214903917L + 11;
                int reach = settings.window() - below(random, settings.window());
                int lo = Math.max(0, pos - reach);
                int hi = Math.min(length - 1, pos + reach);
                int word = sentence[pos];
                if (settings.skipGram()) {
                    for (int c = lo; c <= hi; c++) {
                        if (c == pos) {
                            continue;
                        }
                        int row = sentence[c] * dim;
                        Arrays.fill(error, 0);
                        rng[0] = random;
                        loss += predict(word, input, row, error, alpha, rng);
                        random = rng[0];
                        predictions++;
                        FastWord2Vec.axpy(1, error, 0, input, row, dim);
                    }
                } else {
                    if (hi - lo < 1) {
                        continue;
                    }
                    Arrays.fill(mean, 0);
                    for (int c = lo; c <= hi; c++) {
                        if (c != pos) {
                            FastWord2Vec.axpy(1, input, sentence[c] * dim, mean, 0, dim);
                        }
                    }
                    float scale = 1f / (hi - lo);
                    for (int j = 0; j < dim; j++) {
                        mean[j] *= scale;
                    }
                    Arrays.fill(error, 0);
                    rng[0] = random;
                    loss += predict(word, mean, 0, error, alpha, rng);
                    random = rng[0];
                    predictions++;
                    for (int c = lo; c <= hi; c++) {
                        if (c != pos) {
                            FastWord2Vec.axpy(1, error, 0, input, sentence[c] * dim, dim);
                        }
                    }
                }
            }
        }
        return new Pass(loss, predictions, total);
    }

    /**
     * One prediction of {@code word} from the vector at {@code from[row ..]}: hierarchical softmax along its code
     * and/or one positive and {@code negative} sampled targets; adds the input's gradient step to {@code error} and
     * updates the output rows. Returns the loss; {@code rng[0]} is the generator's state, advanced.
     */
    private double predict(int word, float[] from, int row, float[] error, float alpha, long[] rng) {
        double loss = 0;
        long random = rng[0];
        if (settings.hierarchical()) {
            for (int k = huffman.start()[word]; k < huffman.start()[word + 1]; k++) {
                int node = huffman.points()[k] * dim;
                float f = FastWord2Vec.dot(from, row, treeOut, node, dim);
                int label = 1 - huffman.codes()[k];
                loss -= logSigmoid(label == 1 ? f : -f);
                FastWord2Vec.update((label - sigmoid(f)) * alpha, from, row, treeOut, node, error, 0, dim);
            }
        }
        for (int d = 0; d <= settings.negative() && settings.negative() > 0; d++) {
            int target;
            int label;
            if (d == 0) {
                target = word;
                label = 1;
            } else {
                random = random * 25214903917L + 11;
                int column = below(random, negativeTable.length);
                long entry = negativeTable[column];
                random = random * 25214903917L + 11;
                target = (random >>> 32) < (entry >>> 31) ? column : (int) (entry & 0x7FFFFFFF);
                if (target == word) {
                    continue;
                }
                label = 0;
            }
            int out = target * dim;
            float f = FastWord2Vec.dot(from, row, negativeOut, out, dim);
            loss -= logSigmoid(label == 1 ? f : -f);
            FastWord2Vec.update((label - sigmoid(f)) * alpha, from, row, negativeOut, out, error, 0, dim);
        }
        rng[0] = random;
        return loss;
    }

    /** A draw in [0, n) from the generator's state: its high 32 bits scaled by n (a multiply, not a division). */
    private static int below(long random, int n) {
        return (int) (((random >>> 32) * n) >>> 32);
    }

    /** The table slot of x in (-MAX_EXP, MAX_EXP); the product can round up to the size just below MAX_EXP. */
    private static int slot(float x) {
        return Math.min(EXP_TABLE_SIZE - 1, (int) ((x + MAX_EXP) * STEPS_PER_UNIT));
    }

    private static float sigmoid(float x) {
        if (x >= MAX_EXP) {
            return 1;
        }
        if (x <= -MAX_EXP) {
            return 0;
        }
        return SIGMOID[slot(x)];
    }

    private static float logSigmoid(float x) {
        if (x >= MAX_EXP) {
            return 0;
        }
        if (x <= -MAX_EXP) {
            return x;
        }
        return LOG_SIGMOID[slot(x)];
    }
}

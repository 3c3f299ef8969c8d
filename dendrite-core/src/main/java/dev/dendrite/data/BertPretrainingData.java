package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT's pretraining examples (Devlin et al. 2019, section 3.1 and appendix A.1). A corpus is read as documents
 * (runs of non-blank lines, each line a sentence or paragraph); each document is cut into chunks of lines of up to
 * the sequence length, a chunk splits into sentence A (its first lines) and sentence B: the rest of the chunk half
 * of the time (IsNext), otherwise lines from a random other document (NotNext, never from the same document); the
 * pair becomes [CLS] A [SEP] B [SEP], the longer side trimmed from its end to fit. Masking is applied per batch with
 * its own seed, so each epoch masks afresh: 15 % of the non-special positions are selected (at least one), of those
 * 80 % become [MASK], 10 % a random token and 10 % stay, and only the selected positions carry MLM labels.
 */
public final class BertPretrainingData {
    /** Label of a position that is not predicted (PyTorch's ignore index). */
    public static final long IGNORE = -100;

    private BertPretrainingData() {}

    /** One unmasked pair: ids and segment ids of [CLS] A [SEP] B [SEP], and whether B follows A. */
    public record Example(int[] ids, int[] segments, boolean isNext) {}

    /** A padded, masked batch: ids, segments and padding (B, T) INT64, MLM labels (B, T) and NSP labels (B). */
    public record Batch(Tensor ids, Tensor segments, Tensor padding, Tensor mlmLabels, Tensor nspLabels) {}

    /** The documents of a corpus' lines as WordPiece ids, one int[] per non-empty line. */
    public static List<List<int[]>> documents(List<String> lines, WordPiece vocab) {
        List<List<int[]>> docs = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (!current.isEmpty()) docs.add(current);
                current = new ArrayList<>();
                continue;
            }
            int[] ids = vocab.encode(line);
            if (ids.length > 0) current.add(ids);
        }
        if (!current.isEmpty()) docs.add(current);
        return docs;
    }

    /** Sentence pairs of at most {@code maxLength} tokens from documents (at least two documents). */
    public static List<Example> pairs(List<List<int[]>> docs, WordPiece vocab, int maxLength, Generator g) {
        if (docs.size() < 2 || maxLength < 5) {
            throw new DataFormatException("BERT pretraining needs at least two documents (separated by blank lines)"
                    + " and sequences of at least 5 tokens, got " + docs.size() + " documents and " + maxLength);
        }
        int budget = maxLength - 3;
        List<Example> out = new ArrayList<>();
        for (int d = 0; d < docs.size(); d++) {
            List<int[]> doc = docs.get(d);
            int i = 0;
            while (i < doc.size()) {
                int end = i;
                int length = 0;
                while (end < doc.size() && (end == i || length + doc.get(end).length <= budget)) {
                    length += doc.get(end).length;
                    end++;
                }
                List<Integer> chunk = concat(doc, i, end);
                // A ends at a line boundary when the chunk has several lines, else inside the one line
                int splitLine = end - i >= 2 ? i + 1 + g.nextInt(end - i - 1) : end;
                int cut = end - i >= 2 ? concat(doc, i, splitLine).size()
                        : chunk.size() >= 2 ? 1 + g.nextInt(chunk.size() - 1) : chunk.size();
                List<Integer> a = new ArrayList<>(chunk.subList(0, cut));
                boolean isNext = cut < chunk.size() && g.nextDouble() < 0.5;
                List<Integer> b;
                int next = end;
                if (isNext) {
                    b = new ArrayList<>(chunk.subList(cut, chunk.size()));
                } else {
                    int other = g.nextInt(docs.size() - 1);
                    if (other >= d) other++;
                    List<int[]> od = docs.get(other);
                    b = new ArrayList<>();
                    for (int k = g.nextInt(od.size()); k < od.size() && b.size() < budget - a.size(); k++) {
                        for (int id : od.get(k)) b.add(id);
                    }
                    if (end - i >= 2) {
                        next = splitLine; // the lines after A that B did not use start the next chunk
                    }
                }
                i = next;
                if (a.isEmpty() || b.isEmpty()) {
                    continue;
                }
                while (a.size() + b.size() > budget) {
                    List<Integer> longer = a.size() >= b.size() ? a : b;
                    longer.removeLast();
                }
                out.add(example(vocab, a, b, isNext));
            }
        }
        return out;
    }

    private static List<Integer> concat(List<int[]> doc, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int k = from; k < to; k++) {
            for (int id : doc.get(k)) out.add(id);
        }
        return out;
    }

    private static Example example(WordPiece vocab, List<Integer> a, List<Integer> b, boolean isNext) {
        int n = a.size() + b.size() + 3;
        int[] ids = new int[n];
        int[] seg = new int[n];
        int k = 0;
        ids[k++] = vocab.id(WordPiece.CLS);
        for (int id : a) ids[k++] = id;
        ids[k++] = vocab.id(WordPiece.SEP);
        for (int id : b) {
            seg[k] = 1;
            ids[k++] = id;
        }
        seg[k] = 1;
        ids[k] = vocab.id(WordPiece.SEP);
        return new Example(ids, seg, isNext);
    }

    /** The examples padded to the longest and masked with a generator seeded by {@code seed}. */
    public static Batch batch(List<Example> examples, WordPiece vocab, double maskProbability, long seed) {
        int rows = examples.size();
        int t = examples.stream().mapToInt(e -> e.ids().length).max().orElse(1);
        long[] ids = new long[rows * t];
        long[] seg = new long[rows * t];
        long[] pad = new long[rows * t];
        long[] labels = new long[rows * t];
        long[] next = new long[rows];
        java.util.Arrays.fill(labels, IGNORE);
        Generator g = new Generator(seed);
        int mask = vocab.id(WordPiece.MASK);
        int firstOrdinary = WordPiece.SPECIALS.stream().mapToInt(vocab::id).max().orElse(0) + 1;
        for (int r = 0; r < rows; r++) {
            Example e = examples.get(r);
            int n = e.ids().length;
            for (int k = 0; k < t; k++) {
                int at = r * t + k;
                if (k >= n) {
                    pad[at] = 1;
                    continue;
                }
                ids[at] = e.ids()[k];
                seg[at] = e.segments()[k];
            }
            List<Integer> candidates = new ArrayList<>();
            for (int k = 1; k < n; k++) {
                if (!isSpecial(vocab, e.ids()[k])) candidates.add(k);
            }
            int chosen = 0;
            for (int k : candidates) {
                if (g.nextDouble() < maskProbability) {
                    select(r * t + k, ids, labels, g, mask, firstOrdinary, vocab.size());
                    chosen++;
                }
            }
            if (chosen == 0 && !candidates.isEmpty()) {
                select(r * t + candidates.get(g.nextInt(candidates.size())), ids, labels, g, mask, firstOrdinary,
                        vocab.size());
            }
            next[r] = e.isNext() ? 0 : 1; // BERT's labels: 0 IsNext, 1 NotNext
        }
        return new Batch(Tensor.fromArray(ids, rows, t), Tensor.fromArray(seg, rows, t), Tensor.fromArray(pad, rows, t),
                Tensor.fromArray(labels, rows, t), Tensor.fromArray(next, rows));
    }

    private static boolean isSpecial(WordPiece vocab, int id) {
        return WordPiece.SPECIALS.contains(vocab.token(id));
    }

    /** One selected position: its label is the true id; 80 % [MASK], 10 % a random ordinary token, 10 % kept. */
    private static void select(int at, long[] ids, long[] labels, Generator g, int mask, int firstOrdinary, int size) {
        labels[at] = ids[at];
        double u = g.nextDouble();
        if (u < 0.8) {
            ids[at] = mask;
        } else if (u < 0.9 && size > firstOrdinary) {
            ids[at] = firstOrdinary + g.nextInt(size - firstOrdinary);
        }
    }
}

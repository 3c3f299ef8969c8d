package dev.dendrite.models;

import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Gru;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.RecurrentOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The hierarchical attention network (Yang et al. 2016, "Hierarchical Attention Networks for Document
 * Classification"): a bidirectional GRU over the words of each sentence with attention pooling gives sentence
 * vectors, a bidirectional GRU over a document's sentences with attention pooling gives the document vector, then
 * dropout and a linear layer. A sentence ends after an end-mark token (the tokenizer's ".", "!", "?") or after
 * {@code maxWords} words. Shapes: ids INT64 (B, T), lengths (B) -> logits (B, C).
 */
public final class Han extends Module {
    /** The logits and the attention behind them: per sentence its words' weights, and the sentences' weights. */
    public record Attended(Tensor logits, List<List<int[]>> sentences, Tensor wordWeights, Tensor sentenceWeights) {}

    private final Embedding embedding;
    private final Gru words;
    private final AttentionPooling wordAttention;
    private final Gru sentences;
    private final AttentionPooling sentenceAttention;
    private final Dropout dropout;
    private final Linear output;
    private final Set<Long> endMarks;
    private final int maxWords;

    /** {@code endMarks}: the ids of sentence-ending tokens. */
    public Han(int vocabulary, int dim, int hidden, int attention, double dropout, int classes, Set<Long> endMarks,
               int maxWords, Generator g) {
        this.endMarks = Set.copyOf(endMarks);
        this.maxWords = maxWords;
        RecurrentOptions both = RecurrentOptions.BATCH_FIRST.withBidirectional(true);
        this.embedding = registerModule("embedding", TextEmbeddings.of(vocabulary, dim, g));
        this.words = registerModule("words", new Gru(dim, hidden, both, g));
        this.wordAttention = registerModule("word_attention", new AttentionPooling(2 * hidden, attention, g));
        this.sentences = registerModule("sentences", new Gru(2 * hidden, hidden, both, g));
        this.sentenceAttention = registerModule("sentence_attention", new AttentionPooling(2 * hidden, attention, g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        this.output = registerModule("output", new Linear(2 * hidden, classes, g));
    }

    public Embedding embedding() {
        return embedding;
    }

    public Tensor forward(Tensor ids, int[] lengths) {
        return attend(ids, lengths).logits();
    }

    /** The forward pass with its attention weights. */
    public Attended attend(Tensor ids, int[] lengths) {
        int batch = ids.size(0);
        int steps = ids.size(1);
        long[] flat = ids.contiguous().toLongArray();
        List<List<int[]>> split = new ArrayList<>(); // per document, its sentences as [start, end) in its row
        List<long[]> all = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            List<int[]> doc = new ArrayList<>();
            int start = 0;
            for (int t = 0; t < lengths[b]; t++) {
                if (endMarks.contains(flat[b * steps + t]) || t + 1 - start == maxWords || t + 1 == lengths[b]) {
                    doc.add(new int[] {start, t + 1});
                    all.add(Arrays.copyOfRange(flat, b * steps + start, b * steps + t + 1));
                    start = t + 1;
                }
            }
            split.add(doc);
        }
        int widest = all.stream().mapToInt(s -> s.length).max().orElse(1);
        long[] sentenceIds = new long[all.size() * widest];
        int[] sentenceLengths = new int[all.size()];
        for (int s = 0; s < all.size(); s++) {
            System.arraycopy(all.get(s), 0, sentenceIds, s * widest, all.get(s).length);
            sentenceLengths[s] = all.get(s).length;
        }
        Tensor wordStates = words.forward(embedding.forward(Tensor.fromArray(sentenceIds, all.size(), widest)),
                sentenceLengths, null).output(); // (N, W, 2H)
        AttentionPooling.Pooled sentenceVectors = wordAttention.forward(wordStates, sentenceLengths); // (N, 2H)

        int most = split.stream().mapToInt(List::size).max().orElse(1);
        long[] gather = new long[batch * most];
        int[] counts = new int[batch];
        int next = 0;
        for (int b = 0; b < batch; b++) {
            counts[b] = split.get(b).size();
            for (int s = 0; s < most; s++) {
                gather[b * most + s] = s < counts[b] ? next++ : all.size(); // the zero row past the real ones
            }
        }
        Tensor padded = Tensor.cat(List.of(sentenceVectors.vectors(),
                Tensor.zeros(sentenceVectors.vectors().dtype(), 1, sentenceVectors.vectors().size(1))), 0)
                .indexSelect(0, Tensor.fromArray(gather, gather.length)).reshape(batch, most, -1); // (B, S, 2H)
        Tensor sentenceStates = sentences.forward(padded, counts, null).output(); // (B, S, 2H)
        AttentionPooling.Pooled document = sentenceAttention.forward(sentenceStates, counts); // (B, 2H)
        Tensor logits = output.forward(dropout.forward(document.vectors())); // (B, C)
        return new Attended(logits, split, sentenceVectors.weights(), document.weights());
    }

    @Override
    public String toString() {
        return "Han(" + words + ", " + sentences + ")";
    }
}

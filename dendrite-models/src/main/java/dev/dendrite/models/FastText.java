package dev.dendrite.models;

import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * fastText's classifier (Joulin et al. 2016, "Bag of Tricks for Efficient Text Classification"): the mean of the
 * embeddings of a text's words and hashed word bigrams, then a linear layer to the classes. Word ids come from a
 * vocabulary; a bigram's id is its hash modulo {@code buckets}, after the words. Shapes: ids INT64 (B, T) (words
 * and bigrams, 0 = padding), lengths (B) -> logits (B, C).
 */
public final class FastText extends Module {
    private final Embedding embeddings;
    private final Linear output;
    private final int words;
    private final int buckets;

    public FastText(int words, int buckets, int dim, int classes, Generator g) {
        this.words = words;
        this.buckets = buckets;
        this.embeddings = registerModule("embeddings", new Embedding(words + buckets, dim, 0, 0, true, g));
        this.output = registerModule("output", new Linear(dim, classes, g));
    }

    /** The ids of a text: its word ids, then one id per adjacent pair of tokens (none when buckets is 0). */
    public int[] encode(int[] wordIds, List<String> tokens) {
        int pairs = buckets == 0 ? 0 : Math.max(0, tokens.size() - 1);
        int[] out = java.util.Arrays.copyOf(wordIds, wordIds.length + pairs);
        for (int i = 0; i < pairs; i++) {
            // NOTE: String.hashCode is specified by the JLS, so bigram ids are the same on every JVM.
            out[wordIds.length + i] = words + Math.floorMod((tokens.get(i) + ' ' + tokens.get(i + 1)).hashCode(), buckets);
        }
        return out;
    }

    public Tensor forward(Tensor ids, int[] lengths) {
        return output.forward(BagOfWords.meanOverTokens(embeddings.forward(ids), lengths)); // (B, C)
    }

    @Override
    public String toString() {
        return "FastText(" + words + " words, " + buckets + " bigram buckets)";
    }
}

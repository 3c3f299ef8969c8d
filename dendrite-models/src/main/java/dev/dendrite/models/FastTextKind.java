package dev.dendrite.models;

import dev.dendrite.data.Vocabulary;
import dev.dendrite.tensor.Generator;

/**
 * The registry's {@code fasttext}: averaged word and hashed-bigram embeddings and a linear layer ({@link FastText}),
 * as Joulin et al. 2016 classify sentiment (10 dimensions, bigrams).
 */
public final class FastTextKind extends TextClassifierKind<FastTextKind.Config> {
    /** Vocabulary limits, embedding width, bigram hash buckets (0: words only), held-out share. */
    public record Config(int minCount, int maxVocabulary, int dim, int buckets, double testFraction)
            implements TextClassifierKind.TextConfig {
        public Config {
            if (minCount < 1 || maxVocabulary < 3 || dim < 1 || buckets < 0) {
                throw new IllegalArgumentException("min-count >= 1, max-vocabulary >= 3, dim >= 1 and buckets >= 0"
                        + " required, got " + minCount + ", " + maxVocabulary + ", " + dim + ", " + buckets);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("test-fraction must be in (0, 1), got " + testFraction);
            }
        }
    }

    public static final FastTextKind KIND = new FastTextKind();

    private FastTextKind() {
        super("fasttext", "fastText: mean of word and hashed-bigram embeddings, then linear (Joulin et al. 2016)",
                new Config(2, 50_000, 10, 1 << 20, 0.2));
    }

    @Override
    protected Network network(Config config, Vocabulary vocabulary, int classes, Generator g) {
        FastText model = new FastText(vocabulary.size(), config.buckets(), config.dim(), classes, g);
        return new Network(model, model::forward, tokens -> model.encode(vocabulary.encode(tokens), tokens));
    }
}

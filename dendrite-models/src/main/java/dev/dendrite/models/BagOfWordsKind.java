package dev.dendrite.models;

import dev.dendrite.data.Vocabulary;
import dev.dendrite.tensor.Generator;

/**
 * The registry's {@code bow}: bag-of-words logistic regression ({@link BagOfWords}) on labelled text, the baseline
 * every neural text classifier must beat.
 */
public final class BagOfWordsKind extends TextClassifierKind<BagOfWordsKind.Config> {
    /** Vocabulary limits, the longest text read (0: whole texts), and the held-out share of the data. */
    public record Config(int minCount, int maxVocabulary, int maxLength, double testFraction)
            implements TextClassifierKind.TextConfig {
        public Config {
            if (minCount < 1 || maxVocabulary < 3 || maxLength < 0) {
                throw new IllegalArgumentException("min-count >= 1, max-vocabulary >= 3 and max-length >= 0 required,"
                        + " got " + minCount + ", " + maxVocabulary + ", " + maxLength);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("test-fraction must be in (0, 1), got " + testFraction);
            }
        }
    }

    public static final BagOfWordsKind KIND = new BagOfWordsKind();

    private BagOfWordsKind() {
        super("bow", "bag-of-words logistic regression on labelled text (the text classifiers' baseline)",
                new Config(2, 50_000, 0, 0.2));
    }

    @Override
    protected Network network(Config config, Vocabulary vocabulary, int classes, Generator g) {
        BagOfWords model = new BagOfWords(vocabulary.size(), classes, g);
        int max = config.maxLength();
        return new Network(model, model::forward,
                tokens -> vocabulary.encode(max > 0 && tokens.size() > max ? tokens.subList(0, max) : tokens));
    }
}

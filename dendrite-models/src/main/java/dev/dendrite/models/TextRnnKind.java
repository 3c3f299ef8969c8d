package dev.dendrite.models;

import dev.dendrite.data.Vocabulary;
import dev.dendrite.tensor.Generator;

/**
 * The registry's {@code textrnn}: a bidirectional LSTM over word embeddings, max-pooled over each text
 * ({@link TextRnn}); texts cut at {@code max-length} tokens.
 */
public final class TextRnnKind extends TextClassifierKind<TextRnnKind.Config> {
    /** Vocabulary limits, the longest text read, embedding width, LSTM units per direction, dropout, held-out share. */
    public record Config(int minCount, int maxVocabulary, int maxLength, int dim, int hidden, double dropout,
                         double testFraction) implements TextClassifierKind.TextConfig {
        public Config {
            if (minCount < 1 || maxVocabulary < 3 || maxLength < 1 || dim < 1 || hidden < 1) {
                throw new IllegalArgumentException("min-count, max-length, dim and hidden >= 1 and max-vocabulary >= 3"
                        + " required");
            }
            if (!(dropout >= 0 && dropout < 1) || !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1) and test-fraction in (0, 1), got "
                        + dropout + ", " + testFraction);
            }
        }
    }

    public static final TextRnnKind KIND = new TextRnnKind();

    private TextRnnKind() {
        super("textrnn", "bidirectional LSTM over word embeddings, max-pooled over the text",
                new Config(2, 50_000, 400, 128, 128, 0.5, 0.2));
    }

    @Override
    protected Network network(Config config, Vocabulary vocabulary, int classes, Generator g) {
        TextRnn model = new TextRnn(vocabulary.size(), config.dim(), config.hidden(), config.dropout(), classes, g);
        return new Network(model, model::forward, truncating(vocabulary, config.maxLength()));
    }
}

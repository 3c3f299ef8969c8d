package dev.dendrite.models;

import dev.dendrite.data.Vocabulary;
import dev.dendrite.tensor.Generator;

/**
 * The registry's {@code rcnn}: left and right recurrent context beside each word, a tanh projection, max-pooled
 * ({@link Rcnn}, Lai et al. 2015); texts cut at {@code max-length} tokens.
 */
public final class RcnnKind extends TextClassifierKind<RcnnKind.Config> {
    /**
     * Vocabulary limits, the longest text read, embedding width, LSTM units per direction, width of the latent
     * semantic vectors, dropout, held-out share.
     */
    public record Config(int minCount, int maxVocabulary, int maxLength, int dim, int hidden, int semantic,
                         double dropout, double testFraction) implements TextClassifierKind.TextConfig {
        public Config {
            if (minCount < 1 || maxVocabulary < 3 || maxLength < 1 || dim < 1 || hidden < 1 || semantic < 1) {
                throw new IllegalArgumentException("min-count, max-length, dim, hidden and semantic >= 1 and"
                        + " max-vocabulary >= 3 required");
            }
            if (!(dropout >= 0 && dropout < 1) || !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1) and test-fraction in (0, 1), got "
                        + dropout + ", " + testFraction);
            }
        }
    }

    public static final RcnnKind KIND = new RcnnKind();

    private RcnnKind() {
        super("rcnn", "recurrent convolutional network: word with its LSTM contexts, tanh, max-pooled (Lai et al. 2015)",
                new Config(2, 50_000, 400, 128, 128, 128, 0.5, 0.2));
    }

    @Override
    protected Network network(Config config, Vocabulary vocabulary, int classes, Generator g) {
        Rcnn model = new Rcnn(vocabulary.size(), config.dim(), config.hidden(), config.semantic(), config.dropout(),
                classes, g);
        return new Network(model, model::forward, truncating(vocabulary, config.maxLength()));
    }
}

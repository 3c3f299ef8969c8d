package dev.dendrite.models;

import dev.dendrite.data.Vocabulary;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The registry's {@code textcnn}: Kim's CNN ({@link TextCnn}) on labelled text: filters 3, 4 and 5 with 100 maps
 * each, dropout 0.5, max-norm 3 on the output rows; texts cut at {@code max-length} tokens. With
 * {@code embeddings=FILE} (word2vec text or binary) the embedding starts from those vectors, frozen with
 * {@code static-embeddings=true}, fine-tuned otherwise.
 */
public final class TextCnnKind extends TextClassifierKind<TextCnnKind.Config> {
    /**
     * Vocabulary limits, the longest text read, embedding width, filter sizes, maps per size, dropout, output
     * max-norm (0: none), pretrained vectors ("" for none) and whether they stay frozen, held-out share.
     */
    public record Config(int minCount, int maxVocabulary, int maxLength, int dim, int[] filters, int maps,
                         double dropout, double maxNorm, String embeddings, boolean staticEmbeddings,
                         double testFraction) implements TextClassifierKind.TextConfig {
        public Config {
            if (minCount < 1 || maxVocabulary < 3 || maxLength < 1 || dim < 1 || maps < 1 || filters.length == 0
                    || java.util.Arrays.stream(filters).anyMatch(k -> k < 1)) {
                throw new IllegalArgumentException("min-count, max-length, dim, maps and every filter >= 1 and"
                        + " max-vocabulary >= 3 required");
            }
            if (!(dropout >= 0 && dropout < 1) || !(maxNorm >= 0)) {
                throw new IllegalArgumentException("dropout must be in [0, 1) and max-norm >= 0, got " + dropout
                        + ", " + maxNorm);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("test-fraction must be in (0, 1), got " + testFraction);
            }
        }
    }

    public static final TextCnnKind KIND = new TextCnnKind();

    private TextCnnKind() {
        super("textcnn", "Kim's CNN: filters 3/4/5 x 100 maps, max-over-time pooling, dropout, max-norm (Kim 2014)",
                new Config(2, 50_000, 400, 128, new int[] {3, 4, 5}, 100, 0.5, 3, "", false, 0.2));
    }

    @Override
    protected Network network(Config config, Vocabulary vocabulary, int classes, Generator g) {
        TextCnn model = new TextCnn(vocabulary.size(), config.dim(), config.filters(), config.maps(), config.dropout(),
                config.maxNorm(), classes, g);
        if (config.staticEmbeddings() && !config.embeddings().isEmpty()) {
            model.embedding().weight().requiresGrad(false); // Kim's CNN-static; fine-tuned is CNN-non-static
        }
        return new Network(model, model::forward, truncating(vocabulary, config.maxLength()));
    }

    @Override
    protected void initialise(Config config, Network network, Vocabulary vocabulary) throws IOException {
        if (!config.embeddings().isEmpty()) {
            PretrainedEmbeddings.load(Path.of(config.embeddings()), ((TextCnn) network.module()).embedding(),
                    vocabulary);
        }
    }
}

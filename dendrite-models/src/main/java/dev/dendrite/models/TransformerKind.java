package dev.dendrite.models;

import dev.dendrite.tensor.Generator;

/**
 * The registry's transformer: the encoder-decoder Transformer (TransformerTranslator) trained on pairs:FILE, with
 * label smoothing; pair it with --warmup N --schedule inverse-sqrt as the paper does.
 */
public final class TransformerKind extends TranslationKind<TransformerKind.Config> {
    /** The --set options: width, heads, layers, feed-forward width, dropout, label smoothing, vocabulary, lengths. */
    public record Config(int width, int heads, int layers, int feedforward, double dropout, double labelSmoothing,
                         int minCount, int maxVocabulary, int maxLength, double heldOut, int bleuSentences)
            implements TranslationKind.TranslationConfig {
        public Config {
            checkCommon(minCount, maxVocabulary, maxLength, labelSmoothing, heldOut, bleuSentences);
            if (width < 1 || heads < 1 || width % heads != 0 || layers < 1 || feedforward < 1
                    || !(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("width, heads, layers and feedforward must be >= 1 with width a"
                        + " multiple of heads, and dropout in [0, 1); got " + width + ", " + heads + ", " + layers + ", "
                        + feedforward + ", " + dropout);
            }
        }
    }

    static void checkCommon(int minCount, int maxVocabulary, int maxLength, double labelSmoothing, double heldOut,
                            int bleuSentences) {
        if (minCount < 1 || maxVocabulary < 5 || maxLength < 1 || bleuSentences < 1) {
            throw new IllegalArgumentException("min-count, max-length and bleu-sentences must be >= 1 and"
                    + " max-vocabulary >= 5, got " + minCount + ", " + maxLength + ", " + bleuSentences + ", "
                    + maxVocabulary);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1) || !(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException("label-smoothing must be in [0, 1) and held-out in (0, 1), got "
                    + labelSmoothing + ", " + heldOut);
        }
    }

    public static final TransformerKind KIND = new TransformerKind();

    private TransformerKind() {
        super("transformer", "encoder-decoder Transformer translation",
                new Config(256, 4, 3, 1024, 0.1, 0.1, 2, 10000, 50, 0.05, 500));
    }

    @Override
    public double defaultLr() {
        return 5e-4;
    }

    @Override
    public double defaultClipNorm() {
        return 1;
    }

    @Override
    protected TranslationNetwork network(Config c, TranslationData.Vocabularies v, Generator g) {
        return new TransformerTranslator(new TransformerTranslator.Config(v.source().size(), v.target().size(),
                c.width(), c.heads(), c.layers(), c.feedforward(), c.dropout()), g);
    }
}

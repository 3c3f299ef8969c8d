package dev.dendrite.models;

import dev.dendrite.tensor.Generator;

/**
 * The registry's seq2seq: a GRU or LSTM encoder-decoder (Seq2Seq) with no, additive (Bahdanau) or multiplicative
 * (Luong) attention, trained on pairs:FILE.
 */
public final class Seq2SeqKind extends TranslationKind<Seq2SeqKind.Config> {
    /** The recurrent cell. */
    public enum Cell { GRU, LSTM }

    /** How the decoder reads the source. */
    public enum AttentionKind { NONE, BAHDANAU, LUONG }

    /** The --set options: cell, attention, sizes, dropout, label smoothing, vocabulary, lengths, held-out share. */
    public record Config(Cell cell, AttentionKind attention, int embedding, int hidden, int layers, double dropout,
                         double labelSmoothing, int minCount, int maxVocabulary, int maxLength, double heldOut,
                         int bleuSentences) implements TranslationKind.TranslationConfig {
        public Config {
            TransformerKind.checkCommon(minCount, maxVocabulary, maxLength, labelSmoothing, heldOut, bleuSentences);
            if (embedding < 1 || hidden < 1 || layers < 1 || !(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("embedding, hidden and layers must be >= 1 and dropout in [0, 1),"
                        + " got " + embedding + ", " + hidden + ", " + layers + ", " + dropout);
            }
        }
    }

    public static final Seq2SeqKind KIND = new Seq2SeqKind();

    private Seq2SeqKind() {
        super("seq2seq", "RNN encoder-decoder translation (attention none | bahdanau | luong)",
                new Config(Cell.GRU, AttentionKind.LUONG, 256, 512, 1, 0.2, 0.1, 2, 10000, 50, 0.05, 500));
    }

    @Override
    public double defaultClipNorm() {
        return 1;
    }

    @Override
    protected TranslationNetwork network(Config c, TranslationData.Vocabularies v, Generator g) {
        return new Seq2Seq(new Seq2Seq.Config(v.source().size(), v.target().size(), c.embedding(), c.hidden(),
                c.layers(), c.cell() == Cell.LSTM, c.attention().name().toLowerCase(), c.dropout()), g);
    }
}

package dev.dendrite.models;

import dev.dendrite.data.Vocabulary;
import dev.dendrite.models.registry.TextClassifier;
import dev.dendrite.tensor.Generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry's {@code han}: the hierarchical attention network ({@link Han}, Yang et al. 2016) on labelled text,
 * sentences split where the tokenizer ends them; texts cut at {@code max-length} tokens. {@code dendrite classify
 * --explain} prints its word and sentence attention.
 */
public final class HanKind extends TextClassifierKind<HanKind.Config> {
    /**
     * Vocabulary limits, the longest text read, the longest sentence (longer ones are cut), embedding width, GRU
     * units per direction, attention width, dropout, held-out share.
     */
    public record Config(int minCount, int maxVocabulary, int maxLength, int maxSentence, int dim, int hidden,
                         int attention, double dropout, double testFraction) implements TextClassifierKind.TextConfig {
        public Config {
            if (minCount < 1 || maxVocabulary < 3 || maxLength < 1 || maxSentence < 1 || dim < 1 || hidden < 1
                    || attention < 1) {
                throw new IllegalArgumentException("min-count, max-length, max-sentence, dim, hidden and attention >= 1"
                        + " and max-vocabulary >= 3 required");
            }
            if (!(dropout >= 0 && dropout < 1) || !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1) and test-fraction in (0, 1), got "
                        + dropout + ", " + testFraction);
            }
        }
    }

    public static final HanKind KIND = new HanKind();

    private HanKind() {
        super("han", "hierarchical attention network: word GRU + attention, sentence GRU + attention (Yang et al. 2016)",
                new Config(2, 50_000, 400, 50, 128, 64, 100, 0.5, 0.2));
    }

    @Override
    protected Network network(Config config, Vocabulary vocabulary, int classes, Generator g) {
        Set<Long> endMarks = new HashSet<>();
        for (String mark : List.of(".", "!", "?")) {
            if (vocabulary.contains(mark)) {
                endMarks.add((long) vocabulary.id(mark));
            }
        }
        Han model = new Han(vocabulary.size(), config.dim(), config.hidden(), config.attention(), config.dropout(),
                classes, endMarks, config.maxSentence(), g);
        return new Network(model, model::forward, truncating(vocabulary, config.maxLength()),
                (ids, lengths, tokens) -> attention(model.attend(ids, lengths), tokens));
    }

    /** Each token of a one-text batch with its word weight and its sentence's weight. */
    private static List<TextClassifier.Attention> attention(Han.Attended attended, List<String> tokens) {
        List<TextClassifier.Attention> out = new ArrayList<>();
        List<int[]> sentences = attended.sentences().getFirst();
        for (int s = 0; s < sentences.size(); s++) {
            double sentenceWeight = attended.sentenceWeights().select(0, 0).select(0, s).item();
            for (int t = sentences.get(s)[0]; t < sentences.get(s)[1]; t++) {
                double weight = attended.wordWeights().select(0, s).select(0, t - sentences.get(s)[0]).item();
                out.add(new TextClassifier.Attention(tokens.get(t), s, weight, sentenceWeight));
            }
        }
        return out;
    }
}

package dev.dendrite.models;

import dev.dendrite.data.LabelledText;
import dev.dendrite.data.Tokenizer;
import dev.dendrite.data.Vocabulary;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The registry's {@code bow}: bag-of-words logistic regression on labelled text ({@code tsv:FILE} with
 * {@code label<TAB>text} rows, or {@code imdb:FILE} for the IMDB reviews file), split with the seed, the held-out
 * share set by {@code test-fraction}. What it learns from the data besides weights is its vocabulary and labels.
 */
public final class BagOfWordsKind extends ModelKind<BagOfWordsKind.Config, BagOfWordsKind.Fitted> {
    /** Vocabulary limits, the longest text read (0: whole texts), and the held-out share of the data. */
    public record Config(int minCount, int maxVocabulary, int maxLength, double testFraction) {
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

    /** The vocabulary's tokens and the label names, one a line. */
    public record Fitted(String tokens, String labels) {}

    /** A trained bag of words with its vocabulary. */
    public record Classifier(BagOfWords module, Vocabulary vocabulary, List<String> labels) implements Model {}

    public static final BagOfWordsKind KIND = new BagOfWordsKind();

    private BagOfWordsKind() {
        super("bow", "bag-of-words logistic regression on labelled text (the text classifiers' baseline)",
                "tsv:FILE | imdb:FILE", null, new Config(2, 50_000, 0, 0.2), Fitted.class);
    }

    /** The labelled text of a tsv:FILE or imdb:FILE spec. */
    static LabelledText read(String data) throws IOException {
        int colon = data.indexOf(':');
        String kind = colon < 0 ? data : data.substring(0, colon);
        if (!(kind.equals("tsv") || kind.equals("imdb")) || colon == data.length() - 1) {
            throw new ConfigException("a text classifier reads labelled text: use --data tsv:FILE or imdb:FILE"
                    + " (rows label<TAB>text, e.g. ../shared/data/sentiment/imdb50k.tsv.gz), got '" + data + "'");
        }
        return LabelledText.read(Path.of(data.substring(colon + 1)));
    }

    @Override
    protected Built<Fitted> build(Config config, Fitted fitted, TrainingOptions options) throws IOException {
        LabelledText all = read(options.data());
        List<LabelledText> parts = all.split(options.seed(), config.testFraction());
        Vocabulary vocabulary = fitted != null ? Vocabulary.of(List.of(fitted.tokens().split("\n")))
                : Vocabulary.build(parts.get(0).texts().stream().map(Tokenizer.DEFAULT::tokenize).toList(),
                        config.minCount(), config.maxVocabulary(), Vocabulary.DEFAULT_SPECIALS);
        List<String> labels = fitted != null ? List.of(fitted.labels().split("\n")) : all.labelNames();
        Generator g = new Generator(options.seed());
        BagOfWords model = new BagOfWords(vocabulary.size(), labels.size(), g);
        TextClassificationTask task = new TextClassificationTask(model, model::forward,
                Optimizers.create(options.optimizer(), model.parameters(), options.lr()), g,
                TextClassificationTask.Encoded.of(parts.get(0), vocabulary, config.maxLength()),
                TextClassificationTask.Encoded.of(parts.get(1), vocabulary, config.maxLength()), options.batchSize(),
                options.seed());
        return new Built<>(new Fitted(String.join("\n", vocabulary.tokens()), String.join("\n", labels)),
                new Classifier(model, vocabulary, labels), task);
    }

    @Override
    protected Model model(Config config, Fitted fitted) {
        Vocabulary vocabulary = Vocabulary.of(List.of(fitted.tokens().split("\n")));
        List<String> labels = List.of(fitted.labels().split("\n"));
        return new Classifier(new BagOfWords(vocabulary.size(), labels.size(), new Generator(0)), vocabulary, labels);
    }
}

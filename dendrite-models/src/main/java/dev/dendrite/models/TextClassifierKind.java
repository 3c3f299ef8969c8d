package dev.dendrite.models;

import dev.dendrite.data.LabelledText;
import dev.dendrite.data.Tokenizer;
import dev.dendrite.data.Vocabulary;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.TextClassifier;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What every text classifier kind shares: labelled text from {@code tsv:FILE} ({@code label<TAB>text} rows) or
 * {@code imdb:FILE}, a seeded split with {@code test-fraction} held out, a vocabulary fitted on the training part
 * (saved with the labels as the kind's fitted record), and a {@link TextClassificationTask}. A kind supplies its
 * network: a module, how it maps token ids to logits, and how a text's tokens become its ids.
 */
public abstract class TextClassifierKind<C extends Record & TextClassifierKind.TextConfig>
        extends ModelKind<C, TextClassifierKind.Fitted> {
    /** The options every text classifier has. */
    public interface TextConfig {
        int minCount();

        int maxVocabulary();

        double testFraction();
    }

    /** The vocabulary's tokens and the label names, one a line. */
    public record Fitted(String tokens, String labels) {}

    /** The attention a network gives one text's tokens: ids (1, T), its length, and the tokens themselves. */
    @FunctionalInterface
    public interface Explainer {
        List<TextClassifier.Attention> explain(Tensor ids, int[] lengths, List<String> tokens);
    }

    /**
     * A network for texts: its module, token ids (B, T) and lengths to logits, a text's ids from its tokens (the
     * first ids standing for the first tokens), and its explainer (null without attention).
     */
    public record Network(Module module, TextClassificationTask.Classifier classifier,
                          Function<List<String>, int[]> encoder, Explainer explainer) {
        public Network(Module module, TextClassificationTask.Classifier classifier, Function<List<String>, int[]> encoder) {
            this(module, classifier, encoder, null);
        }
    }

    /** A trained text classifier with its vocabulary and labels. */
    public record Classifier(Network network, Vocabulary vocabulary, List<String> labels) implements TextClassifier {
        @Override
        public Module module() {
            return network.module();
        }

        @Override
        public Prediction classify(String text) {
            Tensor ids = ids(Tokenizer.DEFAULT.tokenize(text));
            double[] p;
            try (var _ = network.module().evaluating()) {
                p = network.classifier().logits(ids, new int[] {ids.size(1)}).softmax(1).toDoubleArray();
            }
            return Prediction.of(labels, p);
        }

        @Override
        public List<Attention> explain(String text) {
            if (network.explainer() == null) {
                return List.of();
            }
            List<String> tokens = Tokenizer.DEFAULT.tokenize(text);
            Tensor ids = ids(tokens);
            try (var _ = network.module().evaluating()) {
                return network.explainer().explain(ids, new int[] {ids.size(1)}, tokens);
            }
        }

        /** A text's ids as a batch of one, (1, T). */
        private Tensor ids(List<String> tokens) {
            int[] ids = network.encoder().apply(tokens);
            if (ids.length == 0) {
                throw new ConfigException("classify: the text has no words");
            }
            return Tensor.fromArray(java.util.Arrays.stream(ids).asLongStream().toArray(), 1, ids.length);
        }
    }

    protected TextClassifierKind(String name, String description, C defaults) {
        super(name, description, "tsv:FILE | imdb:FILE", null, defaults, Fitted.class);
    }

    /** The network for a vocabulary and a number of classes, initial weights from {@code g}. */
    protected abstract Network network(C config, Vocabulary vocabulary, int classes, Generator g);

    /** Prepares a new network for training beyond its seeded initial weights (pretrained vectors); nothing here. */
    protected void initialise(C config, Network network, Vocabulary vocabulary) throws IOException {}

    /** A text's ids from its tokens, the first {@code maxLength} only. */
    static Function<List<String>, int[]> truncating(Vocabulary vocabulary, int maxLength) {
        return tokens -> vocabulary.encode(tokens.size() > maxLength ? tokens.subList(0, maxLength) : tokens);
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
    protected final Built<Fitted> build(C config, Fitted fitted, TrainingOptions options) throws IOException {
        LabelledText all = read(options.data());
        List<LabelledText> parts = all.split(options.seed(), config.testFraction());
        Vocabulary vocabulary = fitted != null ? vocabulary(fitted)
                : Vocabulary.build(parts.get(0).texts().stream().map(Tokenizer.DEFAULT::tokenize).toList(),
                        config.minCount(), config.maxVocabulary(), Vocabulary.DEFAULT_SPECIALS);
        List<String> labels = fitted != null ? List.of(fitted.labels().split("\n")) : all.labelNames();
        Generator g = new Generator(options.seed());
        Network net = network(config, vocabulary, labels.size(), g);
        if (fitted == null) {
            initialise(config, net, vocabulary);
        }
        TextClassificationTask task = new TextClassificationTask(net.module(), net.classifier(),
                Optimizers.create(options.optimizer(), trainable(net.module()), options.lr()), g,
                TextClassificationTask.Encoded.of(parts.get(0), net.encoder()),
                TextClassificationTask.Encoded.of(parts.get(1), net.encoder()), options.batchSize(), options.seed());
        return new Built<>(new Fitted(String.join("\n", vocabulary.tokens()), String.join("\n", labels)),
                new Classifier(net, vocabulary, labels), task);
    }

    /** The parameters that require gradients (frozen pretrained embeddings left out). */
    private static List<Tensor> trainable(Module module) {
        return module.parameters().stream().filter(Tensor::requiresGrad).toList();
    }

    @Override
    protected final Model model(C config, Fitted fitted) {
        Vocabulary vocabulary = vocabulary(fitted);
        List<String> labels = List.of(fitted.labels().split("\n"));
        return new Classifier(network(config, vocabulary, labels.size(), new Generator(0)), vocabulary, labels);
    }

    private static Vocabulary vocabulary(Fitted fitted) {
        return Vocabulary.of(List.of(fitted.tokens().split("\n")));
    }
}

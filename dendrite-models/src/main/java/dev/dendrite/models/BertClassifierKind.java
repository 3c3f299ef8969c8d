package dev.dendrite.models;

import dev.dendrite.data.LabelledText;
import dev.dendrite.data.Tokenizer;
import dev.dendrite.data.WordPiece;
import dev.dendrite.data.WordPieceTrainer;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.Safetensors;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TextClassifier;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry's bert-classifier: BERT fine-tuned on labelled text (tsv:FILE or imdb:FILE, the text classifiers'
 * seeded split), the pooled [CLS] state, dropout and a linear layer. With {@code --init FILE} (a checkpoint of
 * {@code dendrite train --model bert}) it starts from the pretrained encoder: its vocabulary, its position table
 * and every "bert." weight; without, from BERT's random initialisation with a WordPiece vocabulary learned from the
 * training texts. A text longer than max-length keeps its head and tail (a quarter and three quarters of the
 * pieces that fit, as Sun et al. 2019 found best), between [CLS] and [SEP].
 */
public final class BertClassifierKind extends ModelKind<BertClassifierKind.Config, BertClassifierKind.Fitted> {
    /** Layers, hidden width, pieces per text with [CLS] and [SEP], vocabulary size (without --init), dropout, test share. */
    public record Config(int layers, int hidden, int maxLength, int vocabSize, double dropout, double testFraction) {
        public Config {
            if (layers < 1 || hidden < 1 || maxLength < 3 || vocabSize < 6 || !(dropout >= 0 && dropout < 1)
                    || !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("layers and hidden must be >= 1, max-length >= 3, vocab-size >= 6,"
                        + " dropout in [0, 1) and test-fraction in (0, 1); got " + this);
            }
        }
    }

    /** The WordPiece vocabulary and the label names, one a line, and the size of the position table. */
    public record Fitted(String tokens, String labels, int positions) {}

    /** A fine-tuned BERT with its vocabulary and labels. */
    public record Classifier(BertForSequenceClassification module, WordPiece vocab, List<String> labels, int maxLength)
            implements TextClassifier {
        @Override
        public TextClassifier.Prediction classify(String text) {
            int[] ids = encoder(vocab, maxLength).apply(Tokenizer.DEFAULT.tokenize(text));
            if (ids.length == 2) {
                throw new ConfigException("classify: the text has no words");
            }
            double[] p;
            try (var _ = module.evaluating()) {
                p = logits(module, Tensor.fromArray(java.util.Arrays.stream(ids).asLongStream().toArray(), 1,
                        ids.length), new int[] {ids.length}).softmax(1).toDoubleArray();
            }
            return TextClassifier.Prediction.of(labels, p);
        }
    }

    public static final BertClassifierKind KIND = new BertClassifierKind();

    private BertClassifierKind() {
        super("bert-classifier", "BERT fine-tuned for text classification (pooled [CLS], dropout, linear); --init"
                + " a bert checkpoint", "tsv:FILE | imdb:FILE", null, new Config(4, 256, 128, 8000, 0.1, 0.5),
                Fitted.class);
    }

    @Override
    public String defaultOptimizer() {
        return "adamw";
    }

    @Override
    public boolean startsFromCheckpoints() {
        return true;
    }

    @Override
    public double defaultLr() {
        return 1e-4;
    }

    @Override
    public double defaultClipNorm() {
        return 1;
    }

    @Override
    protected Built<Fitted> build(Config config, Fitted fitted, TrainingOptions options) throws IOException {
        LabelledText all = TextClassifierKind.read(options.data());
        List<LabelledText> parts = all.split(options.seed(), config.testFraction());
        boolean pretrained = fitted == null && !options.init().isEmpty();
        if (fitted == null) {
            fitted = pretrained ? fromPretrained(config, Path.of(options.init()), all.labelNames())
                    : fromTexts(config, parts.get(0), all.labelNames());
        }
        if (config.maxLength() > fitted.positions()) {
            throw new ConfigException("bert-classifier: max-length " + config.maxLength() + " exceeds the "
                    + fitted.positions() + " positions of --init " + options.init() + "; use --set max-length="
                    + fitted.positions() + " or less");
        }
        Generator g = new Generator(options.seed());
        Classifier classifier = classifier(config, fitted, g);
        BertForSequenceClassification module = classifier.module();
        if (pretrained) {
            module.bert().loadState(under(Safetensors.read(Path.of(options.init())).tensors(), "model.bert."));
        }
        Optimizer optimizer = BertKind.optimizer(options, module);
        Function<List<String>, int[]> encoder = encoder(classifier.vocab(), config.maxLength());
        TextClassificationTask task = new TextClassificationTask(module, (ids, lengths) -> logits(module, ids, lengths),
                optimizer, g, TextClassificationTask.Encoded.of(parts.get(0), encoder),
                TextClassificationTask.Encoded.of(parts.get(1), encoder), options.batchSize(), options.seed());
        return new Built<>(fitted, classifier, task);
    }

    @Override
    protected Model model(Config config, Fitted fitted) {
        return classifier(config, fitted, new Generator(0));
    }

    private static Classifier classifier(Config config, Fitted fitted, Generator g) {
        WordPiece vocab = new WordPiece(List.of(fitted.tokens().split("\n")), true);
        List<String> labels = List.of(fitted.labels().split("\n"));
        Bert.Config shape = Bert.Config.of(vocab.size(), config.layers(), config.hidden());
        Bert.Config network = new Bert.Config(vocab.size(), config.hidden(), config.layers(), shape.heads(),
                shape.intermediate(), fitted.positions(), 2, config.dropout(), 1e-12);
        return new Classifier(new BertForSequenceClassification(network, labels.size(), g), vocab, labels,
                config.maxLength());
    }

    /** The vocabulary and positions of a pretrained bert checkpoint, whose shape must be the config's. */
    private static Fitted fromPretrained(Config config, Path file, List<String> labels) throws IOException {
        Map<String, String> meta = Checkpoint.metadata(file);
        if (!BertKind.KIND.name().equals(meta.get("model"))) {
            throw new ConfigException("--init " + file + ": expected a checkpoint of `dendrite train --model bert`, got"
                    + (meta.containsKey("model") ? " one of model " + meta.get("model") : " one that names no model"));
        }
        BertKind.Config bert = (BertKind.Config) BertKind.KIND.restoreConfig(meta);
        if (bert.layers() != config.layers() || bert.hidden() != config.hidden()) {
            throw new ConfigException("--init " + file + " is a BERT of " + bert.layers() + " layers and hidden "
                    + bert.hidden() + ", the classifier asks for " + config.layers() + " and " + config.hidden()
                    + "; use --set layers=" + bert.layers() + ",hidden=" + bert.hidden());
        }
        String tokens = meta.get("fitted.tokens");
        return new Fitted(tokens, String.join("\n", labels), bert.maxLength());
    }

    /** A WordPiece vocabulary learned from the training texts, positions as many as max-length. */
    private static Fitted fromTexts(Config config, LabelledText train, List<String> labels) {
        WordPieceTrainer trainer = new WordPieceTrainer(true);
        for (String text : train.texts()) trainer.add(String.join(" ", Tokenizer.DEFAULT.tokenize(text)));
        WordPiece vocab = trainer.train(config.vocabSize(), 2, true);
        return new Fitted(String.join("\n", vocab.tokens()), String.join("\n", labels), config.maxLength());
    }

    /** A text's tokens as [CLS] pieces [SEP], the pieces cut to their head and tail when they exceed max-length. */
    static Function<List<String>, int[]> encoder(WordPiece vocab, int maxLength) {
        int cls = vocab.id(WordPiece.CLS);
        int sep = vocab.id(WordPiece.SEP);
        return tokens -> {
            int[] pieces = vocab.encode(String.join(" ", tokens));
            int budget = maxLength - 2;
            int head = pieces.length > budget ? budget / 4 : pieces.length;
            int tail = pieces.length > budget ? budget - head : 0;
            int[] ids = new int[head + tail + 2];
            ids[0] = cls;
            System.arraycopy(pieces, 0, ids, 1, head);
            System.arraycopy(pieces, pieces.length - tail, ids, 1 + head, tail);
            ids[ids.length - 1] = sep;
            return ids;
        };
    }

    /** The logits of padded ids (B, T) whose rows hold {@code lengths} real pieces. */
    private static Tensor logits(BertForSequenceClassification module, Tensor ids, int[] lengths) {
        int b = ids.size(0);
        int t = ids.size(1);
        long[] padding = new long[b * t];
        for (int r = 0; r < b; r++) {
            for (int k = lengths[r]; k < t; k++) padding[r * t + k] = 1;
        }
        return module.forward(ids, null, Tensor.fromArray(padding, b, t));
    }

    private static Map<String, Tensor> under(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (name.startsWith(prefix)) out.put(name.substring(prefix.length()), t);
        });
        return out;
    }
}

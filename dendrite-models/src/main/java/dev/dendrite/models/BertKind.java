package dev.dendrite.models;

import dev.dendrite.data.BertPretrainingData;
import dev.dendrite.data.DataFormatException;
import dev.dendrite.data.LabelledText;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TextFiles;
import dev.dendrite.data.Tokenizer;
import dev.dendrite.data.WordPiece;
import dev.dendrite.data.WordPieceTrainer;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.MaskFiller;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.AdamW;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's bert: BERT pretrained with masked language modelling and next-sentence prediction on text:FILE
 * (UTF-8, plain or .gz; blank lines separate documents) or on the training texts of a labelled set (imdb:FILE or
 * tsv:FILE, pretraining within the task: the texts bert-classifier trains on with the same --seed and its default
 * test fraction, each a document of its sentences, none of its test texts), its WordPiece vocabulary learned from
 * the same text (the kind's fitted record), a seeded share of the documents held out. AdamW without weight decay on biases and
 * LayerNorms; pair it with --warmup N --schedule linear as BERT trains.
 */
public final class BertKind extends ModelKind<BertKind.Config, BertKind.Fitted> {
    /**
     * Layers, hidden width (heads = hidden / 64), sequence length, vocabulary size, mask share, dropout, held-out
     * share, and the pairs of an epoch (0: one pass over the training pairs).
     */
    public record Config(int layers, int hidden, int maxLength, int vocabSize, double maskProbability, double dropout,
                         double heldOut, int epochPairs) {
        public Config {
            if (layers < 1 || hidden < 1 || maxLength < 5 || vocabSize < 6 || !(maskProbability > 0
                    && maskProbability < 1) || !(dropout >= 0 && dropout < 1) || !(heldOut > 0 && heldOut < 1)
                    || epochPairs < 0) {
                throw new IllegalArgumentException("layers and hidden must be >= 1, max-length >= 5, vocab-size >= 6,"
                        + " mask-probability and held-out in (0, 1), dropout in [0, 1), epoch-pairs >= 0; got " + this);
            }
        }
    }

    /** The WordPiece vocabulary, one token a line. */
    public record Fitted(String tokens) {}

    /** A pretrained BERT with its vocabulary. */
    public record BertModel(BertForPreTraining module, WordPiece vocab) implements MaskFiller {
        @Override
        public List<MaskFiller.Candidate> fillMask(String text, int k) {
            int[] pieces = vocab.encode(text);
            int mask = vocab.id(WordPiece.MASK);
            long[] ids = new long[pieces.length + 2];
            ids[0] = vocab.id(WordPiece.CLS);
            int at = -1;
            for (int i = 0; i < pieces.length; i++) {
                ids[i + 1] = pieces[i];
                if (pieces[i] == mask) {
                    if (at >= 0) {
                        throw new ConfigException("fill-mask: the text holds more than one " + WordPiece.MASK);
                    }
                    at = i + 1;
                }
            }
            if (at < 0) {
                throw new ConfigException("fill-mask: the text holds no " + WordPiece.MASK + " to fill, e.g. \"the "
                        + WordPiece.MASK + " of the king\"");
            }
            ids[ids.length - 1] = vocab.id(WordPiece.SEP);
            double[] p;
            try (var _ = module.evaluating()) {
                Tensor h = module.bert().forward(Tensor.fromArray(ids, 1, ids.length), null, null);
                p = module.mlm(h.select(1, at)).softmax(1).reshape(-1).toDoubleArray();
            }
            Integer[] order = new Integer[p.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> Double.compare(p[y], p[x]));
            List<MaskFiller.Candidate> out = new ArrayList<>();
            for (int i = 0; i < Math.min(k, order.length); i++) {
                out.add(new MaskFiller.Candidate(vocab.token(order[i]), p[order[i]]));
            }
            return out;
        }
    }

    public static final BertKind KIND = new BertKind();

    private BertKind() {
        super("bert", "BERT pretrained by masked language modelling and next-sentence prediction (fill-mask)",
                "text:FILE | imdb:FILE | tsv:FILE", null, new Config(4, 256, 128, 8000, 0.15, 0.1, 0.01, 0), Fitted.class);
    }

    @Override
    public String defaultOptimizer() {
        return "adamw";
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
    protected Built<Fitted> build(Config config, Fitted fitted, TrainingOptions options) throws IOException {
        List<String> lines = corpus(options.data(), options.seed());
        WordPiece vocab;
        if (fitted != null) {
            vocab = vocabulary(fitted);
        } else {
            WordPieceTrainer trainer = new WordPieceTrainer(true);
            lines.forEach(trainer::add);
            vocab = trainer.train(config.vocabSize(), 2, true);
        }
        List<List<int[]>> docs = BertPretrainingData.documents(lines, vocab);
        int[][] parts = Splits.random(docs.size(), options.seed(), 1 - config.heldOut(), config.heldOut());
        if (parts[0].length < 2 || parts[1].length < 2) {
            throw new DataFormatException(options.data() + ": " + docs.size() + " documents (blank-line separated)"
                    + " leave fewer than two on a side of the " + config.heldOut() + " held-out split");
        }
        Generator pairing = new Generator(options.seed() + 1);
        List<BertPretrainingData.Example> train = BertPretrainingData.pairs(pick(docs, parts[0]), vocab,
                config.maxLength(), pairing);
        List<BertPretrainingData.Example> heldOut = BertPretrainingData.pairs(pick(docs, parts[1]), vocab,
                config.maxLength(), pairing);
        Generator g = new Generator(options.seed());
        BertForPreTraining model = new BertForPreTraining(network(config, vocab), g);
        Optimizer optimizer = optimizer(options, model);
        BertPretrainingTask task = new BertPretrainingTask(model, optimizer, g, vocab, train, heldOut,
                options.batchSize(), options.seed(), config.maskProbability(), config.epochPairs());
        return new Built<>(new Fitted(String.join("\n", vocab.tokens())),
                new BertModel(model, vocab), task);
    }

    /**
     * The lines of the pretraining corpus: a text file's, or a sentence a line and a blank line after each of the
     * training texts of a labelled set as bert-classifier splits it with {@code seed}.
     */
    static List<String> corpus(String data, long seed) throws IOException {
        if (data.startsWith("text:") && data.length() > 5) {
            return TextFiles.lines(Path.of(data.substring(5)));
        }
        if (!(data.startsWith("imdb:") || data.startsWith("tsv:"))) {
            throw new ConfigException("model bert reads a text corpus (--data text:FILE) or the training texts of a"
                    + " labelled set (--data imdb:FILE or tsv:FILE), got '" + data + "'");
        }
        LabelledText train = TextClassifierKind.read(data)
                .split(seed, BertClassifierKind.KIND.defaults().testFraction()).get(0);
        List<String> lines = new ArrayList<>();
        for (String text : train.texts()) {
            for (List<String> sentence : Tokenizer.DEFAULT.sentences(text)) lines.add(String.join(" ", sentence));
            lines.add("");
        }
        return lines;
    }

    /** The optimizer a BERT trains with: AdamW without weight decay on biases and LayerNorms, or the one named. */
    static Optimizer optimizer(TrainingOptions options, Module model) {
        return options.optimizer().equals("adamw")
                ? new AdamW(ParamGroup.noDecayOnBiasesAndNorms(model.namedParameters()), AdamW.DEFAULTS.withLr(options.lr()))
                : Optimizers.create(options.optimizer(), model.parameters(), options.lr());
    }

    @Override
    protected Model model(Config config, Fitted fitted) {
        WordPiece vocab = vocabulary(fitted);
        return new BertModel(new BertForPreTraining(network(config, vocab), new Generator(0)), vocab);
    }

    private static WordPiece vocabulary(Fitted fitted) {
        return new WordPiece(List.of(fitted.tokens().split("\n")), true);
    }

    private static Bert.Config network(Config c, WordPiece vocab) {
        Bert.Config shape = Bert.Config.of(vocab.size(), c.layers(), c.hidden());
        return new Bert.Config(vocab.size(), c.hidden(), c.layers(), shape.heads(), shape.intermediate(), c.maxLength(),
                2, c.dropout(), 1e-12);
    }

    private static <T> List<T> pick(List<T> all, int[] rows) {
        List<T> out = new ArrayList<>();
        for (int r : rows) out.add(all.get(r));
        return out;
    }
}

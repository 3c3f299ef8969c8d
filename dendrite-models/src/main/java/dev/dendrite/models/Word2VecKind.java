package dev.dendrite.models;

import dev.dendrite.Dendrite;
import dev.dendrite.data.WordCorpus;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.ops.Word2VecUpdate;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The registry's {@code word2vec}: word vectors learned from {@code text:FILE[.gz]} (one sentence a line) with
 * skip-gram or CBOW, negative sampling and/or hierarchical softmax (Mikolov et al. 2013). The defaults are the
 * original tool's and gensim's: 100 dimensions, window 5, 5 negatives, min count 5, sample 1e-3, learning rate
 * 0.025 falling linearly to 0.0001. It updates its tables itself, with plain SGD: --optimizer must be sgd (the
 * kind's default) and --lr is the starting rate. What it fits on the data is its vocabulary.
 */
public final class Word2VecKind extends ModelKind<Word2VecKind.Config, Word2VecKind.Fitted> {
    /**
     * The architecture (skip-gram or cbow), vector width, window, negatives per prediction (0: none), hierarchical
     * softmax, min count, subsampling threshold (0: off), final learning rate, and worker threads (0: as many as
     * Dendrite.threads(); 1 is bit-for-bit reproducible).
     */
    public record Config(String architecture, int dim, int window, int negative, boolean hierarchical, int minCount,
                         double sample, double minLr, int workers) {
        public Config {
            if (!architecture.equals("skip-gram") && !architecture.equals("cbow")) {
                throw new IllegalArgumentException("architecture must be skip-gram or cbow, got '" + architecture + "'");
            }
            if (dim < 1 || window < 1 || negative < 0 || minCount < 1 || workers < 0) {
                throw new IllegalArgumentException("dim, window and min-count >= 1, negative and workers >= 0 required,"
                        + " got " + dim + ", " + window + ", " + minCount + ", " + negative + ", " + workers);
            }
            if (negative == 0 && !hierarchical) {
                throw new IllegalArgumentException("negative=0 needs hierarchical=true: word2vec trains with negative"
                        + " sampling, hierarchical softmax or both");
            }
            if (!(sample >= 0) || !(minLr >= 0)) {
                throw new IllegalArgumentException("sample and min-lr must be >= 0, got " + sample + ", " + minLr);
            }
        }
    }

    /** The vocabulary, most frequent first, one word a line. */
    public record Fitted(String words) {}

    public static final Word2VecKind KIND = new Word2VecKind();

    private Word2VecKind() {
        super("word2vec", "word vectors: skip-gram or CBOW, negative sampling or hierarchical softmax (Mikolov et al."
                + " 2013); writes vectors.txt and vectors.bin", "text:FILE[.gz]", null,
                new Config("skip-gram", 100, 5, 5, false, 5, 1e-3, 1e-4, 0), Fitted.class);
    }

    @Override
    public double defaultLr() {
        return 0.025;
    }

    @Override
    public String defaultOptimizer() {
        return "sgd";
    }

    @Override
    protected Built<Fitted> build(Config config, Fitted fitted, TrainingOptions options) throws IOException {
        if (!options.optimizer().equals("sgd")) {
            throw new ConfigException("word2vec updates its vectors with plain SGD and a linearly falling rate;"
                    + " --optimizer " + options.optimizer() + " does not apply (leave it out, or use sgd)");
        }
        if (!options.data().startsWith("text:") || options.data().length() == 5) {
            throw new ConfigException("word2vec reads a text corpus, one sentence a line: use --data text:FILE[.gz],"
                    + " got '" + options.data() + "'");
        }
        WordCorpus corpus = WordCorpus.read(Path.of(options.data().substring(5)), config.minCount());
        if (corpus.vocabulary().size() < 2) {
            throw new ConfigException("data '" + options.data() + "' has " + corpus.vocabulary().size() + " words seen"
                    + " at least min-count " + config.minCount() + " times; word2vec needs at least 2 (lower min-count)");
        }
        if (fitted != null && !String.join("\n", corpus.vocabulary()).equals(fitted.words())) {
            throw new ConfigException("data '" + options.data() + "' gives a different vocabulary from the checkpoint's;"
                    + " resume on the corpus it was trained on");
        }
        Word2Vec model = model(config, corpus.vocabulary(), options.seed());
        long[] counts = corpus.counts();
        Word2VecUpdate update = new Word2VecUpdate(
                new Word2VecUpdate.Settings(config.architecture().equals("skip-gram"), config.window(),
                        config.negative(), config.hierarchical()),
                model.input(), model.output(), model.tree(),
                config.negative() > 0 ? Word2VecUpdate.negativeTable(counts) : null,
                Word2VecUpdate.keepProbabilities(counts, config.sample()),
                config.hierarchical() ? Word2VecUpdate.Huffman.of(counts) : null);
        int workers = config.workers() == 0 ? Dendrite.threads() : config.workers();
        Word2VecTask task = new Word2VecTask(model, corpus, update, workers, options.lr(), config.minLr(),
                options.seed());
        return new Built<>(new Fitted(String.join("\n", corpus.vocabulary())), model, task);
    }

    @Override
    protected Model model(Config config, Fitted fitted) {
        return model(config, List.of(fitted.words().split("\n")), 0);
    }

    private static Word2Vec model(Config config, List<String> words, long seed) {
        return new Word2Vec(words, config.dim(), config.negative() > 0, config.hierarchical(), new Generator(seed));
    }
}

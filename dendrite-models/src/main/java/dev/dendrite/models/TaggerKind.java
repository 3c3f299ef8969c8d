package dev.dendrite.models;

import dev.dendrite.data.TaggedCorpus;
import dev.dendrite.data.UniversalTags;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Tagger;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The registry's tagger: a bidirectional LSTM part-of-speech tagger (SequenceTagger) on the tagged Brown corpus
 * (brown:FILE, the .tar.gz) reduced to the 12 universal tags, 10 % of the sentences (chosen with the seed) held
 * out. What it learns from the data besides weights is its word and letter-trigram vocabularies.
 */
public final class TaggerKind extends ModelKind<TaggerKind.Config, TaggerKind.Vocabularies> {
    private static final double HELD_OUT = 0.1;

    /** The LSTM width, the embedding sizes, dropout, and how often a word must occur to get its own id. */
    public record Config(int hidden, int wordDim, int trigramDim, double dropout, int minCount) {
        public Config {
            if (hidden < 1 || wordDim < 1 || trigramDim < 1 || minCount < 1) {
                throw new IllegalArgumentException("hidden, word-dim, trigram-dim and min-count must be at least 1, got "
                        + hidden + ", " + wordDim + ", " + trigramDim + ", " + minCount);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }
    }

    /** The word vocabulary and the letter-trigram vocabulary, one entry a line. */
    public record Vocabularies(String words, String trigrams) {}

    /** A trained tagger with its features. */
    public record TaggerModel(SequenceTagger module, TaggerFeatures features) implements Tagger {
        @Override
        public List<String> tag(List<String> tokens) {
            try (var _ = module.evaluating()) {
                long[] ids = module.forward(features.encode(List.of(tokens), null)).argmax(2, false).toLongArray();
                return java.util.Arrays.stream(ids).mapToObj(i -> UniversalTags.TAGS.get((int) i)).toList();
            }
        }
    }

    public static final TaggerKind KIND = new TaggerKind();

    private TaggerKind() {
        super("tagger", "bidirectional LSTM part-of-speech tagger, universal tags (tag labels a sentence)",
                "brown:FILE", null, new Config(128, 100, 50, 0, 2), Vocabularies.class);
    }

    @Override
    public double defaultClipNorm() {
        return 5;
    }

    @Override
    protected Built<Vocabularies> build(Config config, Vocabularies fitted, TrainingOptions options) throws IOException {
        String data = options.data();
        if (!data.startsWith("brown:") || data.length() == 6) {
            throw new ConfigException("model tagger reads the tagged Brown corpus: use --data brown:FILE"
                    + " (FILE: brown-corpus-tagged.tar.gz), got '" + data + "'");
        }
        List<TaggedCorpus.Sentence> all = new ArrayList<>(TaggedCorpus.readBrown(Path.of(data.substring(6))));
        Collections.shuffle(all, new Random(options.seed()));
        int split = (int) Math.round(all.size() * (1 - HELD_OUT));
        if (split == 0 || split == all.size()) {
            throw new ConfigException("data '" + data + "' has " + all.size() + " sentences: too few to hold 10 % out");
        }
        List<TaggedCorpus.Sentence> train = all.subList(0, split);
        TaggerFeatures features = fitted != null ? features(fitted)
                : TaggerFeatures.fit(train.stream().map(TaggedCorpus.Sentence::words).toList(), config.minCount());
        Generator g = new Generator(options.seed());
        SequenceTagger model = new SequenceTagger(network(config, features), g);
        TaggerTask task = new TaggerTask(model, features,
                Optimizers.create(options.optimizer(), model.parameters(), options.lr()), g, train,
                all.subList(split, all.size()), options.batchSize(), options.seed());
        var saved = features.save();
        return new Built<>(new Vocabularies(saved.get("words"), saved.get("trigrams")), new TaggerModel(model, features),
                task);
    }

    @Override
    protected Model model(Config config, Vocabularies fitted) {
        TaggerFeatures features = features(fitted);
        return new TaggerModel(new SequenceTagger(network(config, features), new Generator(0)), features);
    }

    private static TaggerFeatures features(Vocabularies v) {
        return TaggerFeatures.of(v.words().isEmpty() ? List.of() : List.of(v.words().split("\n")),
                v.trigrams().isEmpty() ? List.of() : List.of(v.trigrams().split("\n")));
    }

    private static SequenceTagger.Config network(Config c, TaggerFeatures f) {
        return new SequenceTagger.Config(f.words(), f.trigrams(), UniversalTags.TAGS.size(), c.wordDim(),
                c.trigramDim(), c.hidden(), c.dropout());
    }
}

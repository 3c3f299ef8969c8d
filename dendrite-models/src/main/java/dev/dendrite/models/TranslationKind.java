package dev.dendrite.models;

import dev.dendrite.data.Bleu;
import dev.dendrite.data.DataFormatException;
import dev.dendrite.data.ParallelText;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Vocabulary;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Translator;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the translation kinds (seq2seq, transformer) share: pairs:FILE data (source&lt;TAB&gt;target), a seeded held-out
 * split, vocabularies fitted on the training pairs (the kind's fitted record), a {@link TranslationTask}, and the
 * trained model as a {@link Translator}. A kind supplies its network.
 */
public abstract class TranslationKind<C extends Record & TranslationKind.TranslationConfig>
        extends ModelKind<C, TranslationKind.Fitted> {
    /** The options every translation kind has. */
    public interface TranslationConfig {
        int minCount();

        int maxVocabulary();

        int maxLength();

        double labelSmoothing();

        double heldOut();

        int bleuSentences();
    }

    /** The vocabularies' tokens in id order, one per line. */
    public record Fitted(String sourceTokens, String targetTokens) {}

    /** A trained translation network with its vocabularies. */
    public record Translation(TranslationNetwork network, TranslationData.Vocabularies vocabularies, int maxLength)
            implements Translator {
        @Override
        public Module module() {
            return network.module();
        }

        @Override
        public Translator.Translation translate(String sentence, int beam, double alpha) {
            if (sentence.isBlank()) {
                throw new ConfigException("translate: the source sentence is empty");
            }
            long[] source = TranslationData.source(vocabularies.source(), sentence, maxLength);
            BeamSearch.Result r;
            try (var _ = network.module().evaluating()) {
                r = BeamSearch.search(network.decoding(source), beam, 2 * maxLength, alpha);
            }
            List<String> sourceTokens = new ArrayList<>(Bleu.tokenize13a(sentence).subList(0, source.length - 1));
            sourceTokens.add(TranslationData.EOS);
            List<String> targetTokens = new ArrayList<>();
            for (long id : r.tokens()) targetTokens.add(vocabularies.target().token((int) id));
            if (r.attention().size() > r.tokens().length) { // ended by <eos>, not by the length limit
                targetTokens.add(TranslationData.EOS);
            }
            return new Translator.Translation(TranslationData.decode(vocabularies.target(), r.tokens()), sourceTokens,
                    targetTokens, r.attention().toArray(double[][]::new));
        }
    }

    protected TranslationKind(String name, String description, C defaults) {
        super(name, description, "pairs:FILE", null, defaults, Fitted.class);
    }

    /** The network for these vocabularies. */
    protected abstract TranslationNetwork network(C config, TranslationData.Vocabularies vocabularies, Generator g);

    @Override
    protected Built<Fitted> build(C config, Fitted fitted, TrainingOptions options) throws IOException {
        if (!options.data().startsWith("pairs:") || options.data().length() == 6) {
            throw new ConfigException("model " + name() + " reads a parallel text: use --data pairs:FILE"
                    + " (source<TAB>target lines), got '" + options.data() + "'");
        }
        List<ParallelText.Pair> pairs = ParallelText.read(Path.of(options.data().substring(6)));
        int[][] parts = Splits.random(pairs.size(), options.seed(), 1 - config.heldOut(), config.heldOut());
        if (parts[0].length == 0 || parts[1].length == 0) {
            throw new DataFormatException(options.data() + ": " + pairs.size() + " pairs are too few for a training and"
                    + " a held-out part of " + config.heldOut());
        }
        List<ParallelText.Pair> train = pick(pairs, parts[0]);
        List<ParallelText.Pair> heldOut = pick(pairs, parts[1]);
        TranslationData.Vocabularies v = fitted != null ? vocabularies(fitted)
                : TranslationData.fit(train, config.minCount(), config.maxVocabulary());
        Generator g = new Generator(options.seed());
        TranslationNetwork network = network(config, v, g);
        TranslationTask task = new TranslationTask(network,
                Optimizers.create(options.optimizer(), network.module().parameters(), options.lr()), g, v,
                encode(train, v, config.maxLength()), encode(heldOut, v, config.maxLength()), options.batchSize(),
                options.seed(), config.labelSmoothing(), config.maxLength(), config.bleuSentences());
        Fitted f = new Fitted(String.join("\n", v.source().tokens()), String.join("\n", v.target().tokens()));
        return new Built<>(f, new Translation(network, v, config.maxLength()), task);
    }

    @Override
    protected Model model(C config, Fitted fitted) {
        TranslationData.Vocabularies v = vocabularies(fitted);
        return new Translation(network(config, v, new Generator(0)), v, config.maxLength());
    }

    private static TranslationData.Vocabularies vocabularies(Fitted fitted) {
        return new TranslationData.Vocabularies(Vocabulary.of(List.of(fitted.sourceTokens().split("\n"))),
                Vocabulary.of(List.of(fitted.targetTokens().split("\n"))));
    }

    private static List<ParallelText.Pair> pick(List<ParallelText.Pair> pairs, int[] rows) {
        List<ParallelText.Pair> out = new ArrayList<>();
        for (int r : rows) out.add(pairs.get(r));
        return out;
    }

    private static TranslationTask.Split encode(List<ParallelText.Pair> pairs, TranslationData.Vocabularies v,
                                                int maxLength) {
        return new TranslationTask.Split(
                pairs.stream().map(p -> TranslationData.source(v.source(), p.source(), maxLength)).toList(),
                pairs.stream().map(p -> TranslationData.target(v.target(), p.target(), maxLength)).toList(),
                pairs.stream().map(ParallelText.Pair::target).toList());
    }
}

package dev.dendrite.models;

import dev.dendrite.data.CharVocabulary;
import dev.dendrite.data.TextStream;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TextGenerator;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.util.Arrays;

/**
 * The registry's gpt: a character-level GPT (Gpt) trained on text:FILE (UTF-8), the last 10 % of the text held
 * out; the Transformer counterpart of char-lstm. What it learns from the data besides weights is its character
 * vocabulary.
 */
public final class GptKind extends ModelKind<GptKind.Config, CharLstmKind.Vocabulary> {
    private static final double HELD_OUT = 0.1;

    /** Context length, width, heads, blocks, feed-forward width and dropout. */
    public record Config(int context, int width, int heads, int layers, int feedforward, double dropout) {
        public Config {
            if (context < 1 || width < 1 || heads < 1 || layers < 1 || feedforward < 1 || width % heads != 0) {
                throw new IllegalArgumentException("context, width, heads, layers and feedforward must be at least 1"
                        + " and width a multiple of heads, got " + context + ", " + width + ", " + heads + ", " + layers
                        + ", " + feedforward);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }
    }

    /** A trained gpt with its vocabulary; generation uses the key-value cache. */
    public record GptModel(Gpt module, CharVocabulary vocabulary) implements TextGenerator {
        @Override
        public String generate(String prompt, int length, double temperature, int topK, Generator g) {
            return vocabulary.decode(module.generate(vocabulary.encode(prompt), length, temperature, topK, g, true));
        }
    }

    public static final GptKind KIND = new GptKind();

    private GptKind() {
        super("gpt", "character-level GPT: causal pre-norm Transformer blocks (generate continues a prompt)",
                "text:FILE", null, new Config(128, 192, 6, 4, 768, 0.1), CharLstmKind.Vocabulary.class);
    }

    @Override
    public double defaultClipNorm() {
        return 1;
    }

    @Override
    protected Built<CharLstmKind.Vocabulary> build(Config config, CharLstmKind.Vocabulary fitted,
                                                   TrainingOptions options) throws IOException {
        String text = CharLstmKind.readText("gpt", options.data());
        CharVocabulary vocab = fitted != null ? CharVocabulary.fromSymbols(fitted.symbols()) : CharVocabulary.of(text);
        long[] ids = vocab.encode(text);
        int split = (int) Math.round(ids.length * (1 - HELD_OUT));
        int heldOut = ids.length - split;
        if (split / options.batchSize() < config.context() + 1 || heldOut < config.context() + 1) {
            throw new ConfigException("data '" + options.data() + "' has " + ids.length + " characters: too few for "
                    + options.batchSize() + " streams of context " + config.context() + " in the training 90 % and one"
                    + " window in the held-out 10 %; use a longer text or a smaller --batch-size or context");
        }
        TextStream train = new TextStream(Arrays.copyOfRange(ids, 0, split), options.batchSize(), config.context());
        TextStream val = new TextStream(Arrays.copyOfRange(ids, split, ids.length),
                Math.max(1, Math.min(options.batchSize(), heldOut / (2 * config.context()))), config.context());
        Generator g = new Generator(options.seed());
        Gpt model = new Gpt(network(config, vocab), g);
        GptTask task = new GptTask(model, Optimizers.create(options.optimizer(), model.parameters(), options.lr()), g,
                train, val, options.seed());
        return new Built<>(new CharLstmKind.Vocabulary(vocab.symbols()), new GptModel(model, vocab), task);
    }

    @Override
    protected Model model(Config config, CharLstmKind.Vocabulary fitted) {
        CharVocabulary vocab = CharVocabulary.fromSymbols(fitted.symbols());
        return new GptModel(new Gpt(network(config, vocab), new Generator(0)), vocab);
    }

    private static Gpt.Config network(Config c, CharVocabulary vocab) {
        return new Gpt.Config(vocab.size(), c.context(), c.width(), c.heads(), c.layers(), c.feedforward(),
                c.dropout());
    }
}

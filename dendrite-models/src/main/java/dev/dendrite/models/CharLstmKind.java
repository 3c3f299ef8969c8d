package dev.dendrite.models;

import dev.dendrite.data.CharVocabulary;
import dev.dendrite.data.DataFormatException;
import dev.dendrite.data.TextStream;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TextGenerator;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Optimizers;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The registry's char-lstm: a character-level LSTM language model (CharLstm) trained on text:FILE (UTF-8), the last
 * 10 % of the text held out. What it learns from the data besides weights is its character vocabulary.
 */
public final class CharLstmKind extends ModelKind<CharLstmKind.Config, CharLstmKind.Vocabulary> {
    private static final double HELD_OUT = 0.1;

    /** The network's sizes and the window of truncated backpropagation through time. */
    public record Config(int embedding, int hidden, int layers, double dropout, int seqLen) {
        public Config {
            if (embedding < 1 || hidden < 1 || layers < 1 || seqLen < 1) {
                throw new IllegalArgumentException("embedding, hidden, layers and seq-len must be at least 1, got "
                        + embedding + ", " + hidden + ", " + layers + ", " + seqLen);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }
    }

    /** The characters of the training text, in id order. */
    public record Vocabulary(String symbols) {}

    /** A trained char-lstm with its vocabulary. */
    public record CharModel(CharLstm module, CharVocabulary vocabulary) implements TextGenerator {
        @Override
        public String generate(String prompt, int length, double temperature, int topK, Generator g) {
            return vocabulary.decode(module.generate(vocabulary.encode(prompt), length, temperature, topK, g));
        }
    }

    public static final CharLstmKind KIND = new CharLstmKind();

    private CharLstmKind() {
        super("char-lstm", "character-level LSTM language model (generate continues a prompt)", "text:FILE", null,
                new Config(64, 512, 2, 0, 100), Vocabulary.class);
    }

    @Override
    public double defaultClipNorm() {
        return 5;
    }

    @Override
    protected Built<Vocabulary> build(Config config, Vocabulary fitted, TrainingOptions options) throws IOException {
        String text = readText("char-lstm", options.data());
        CharVocabulary vocab = fitted != null ? CharVocabulary.fromSymbols(fitted.symbols()) : CharVocabulary.of(text);
        long[] ids = vocab.encode(text);
        int split = (int) Math.round(ids.length * (1 - HELD_OUT));
        int heldOut = ids.length - split;
        TextStream train = new TextStream(Arrays.copyOfRange(ids, 0, split), options.batchSize(), config.seqLen());
        TextStream val = new TextStream(Arrays.copyOfRange(ids, split, ids.length),
                Math.max(1, Math.min(options.batchSize(), heldOut / (2 * config.seqLen()))), config.seqLen());
        if (train.windows() == 0 || val.windows() == 0) {
            throw new ConfigException("data '" + options.data() + "' has " + ids.length + " characters: too few for"
                    + " " + options.batchSize() + " streams of seq-len " + config.seqLen() + " windows in the training"
                    + " 90 % and one in the held-out 10 %; use a longer text or a smaller --batch-size or seq-len");
        }
        Generator g = new Generator(options.seed());
        CharLstm model = new CharLstm(network(config, vocab), g);
        LanguageModelTask task = new LanguageModelTask(model,
                Optimizers.create(options.optimizer(), model.parameters(), options.lr()), g, train, val);
        return new Built<>(new Vocabulary(vocab.symbols()), new CharModel(model, vocab), task);
    }

    @Override
    protected Model model(Config config, Vocabulary fitted) {
        CharVocabulary vocab = CharVocabulary.fromSymbols(fitted.symbols());
        return new CharModel(new CharLstm(network(config, vocab), new Generator(0)), vocab);
    }

    private static CharLstm.Config network(Config c, CharVocabulary vocab) {
        return new CharLstm.Config(vocab.size(), c.embedding(), c.hidden(), c.layers(), c.dropout());
    }

    /** The text of a text:FILE spec, which must be UTF-8, for model {@code kind}. */
    static String readText(String kind, String data) throws IOException {
        if (!data.startsWith("text:") || data.length() == 5) {
            throw new ConfigException("model " + kind + " reads a text file: use --data text:FILE, got '" + data + "'");
        }
        Path file = Path.of(data.substring(5));
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a directory, expected a text file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not UTF-8 text (convert it, e.g. iconv -f latin1 -t utf-8)");
        }
    }
}

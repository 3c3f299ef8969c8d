// dendrite tokenizer train | encode: WordPiece vocabularies (BERT's tokenizer) from a corpus, and text through one.
package dev.dendrite.cli;

import dev.dendrite.data.WordPiece;
import dev.dendrite.data.WordPieceTrainer;
import dev.dendrite.io.AtomicFile;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train a WordPiece vocabulary (BERT's tokenizer) or encode text with one.",
        subcommands = {TokenizerCommand.Train.class, TokenizerCommand.Encode.class})
final class TokenizerCommand implements Runnable {
    @Override
    public void run() {
        throw new ConfigException("tokenizer: name a subcommand, train or encode (see dendrite tokenizer --help)");
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Learn a WordPiece vocabulary from a corpus and write it as vocab.txt.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "text:FILE, UTF-8, plain or .gz, one line or paragraph a line")
        String data;
        @Option(names = "--vocab-size", defaultValue = "8000", description = "tokens in the vocabulary, special tokens included (default: ${DEFAULT-VALUE})")
        int vocabSize;
        @Option(names = "--min-frequency", defaultValue = "2", description = "the fewest occurrences of a merged pair (default: ${DEFAULT-VALUE})")
        int minFrequency;
        @Option(names = "--cased", description = "keep case and accents (default: lower-case and strip accents, as uncased BERT)")
        boolean cased;
        @Option(names = "--out", required = true, description = "the vocab.txt to write")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (!data.startsWith("text:") || data.length() == 5) {
                throw new ConfigException("tokenizer train reads a text file: use --data text:FILE, got '" + data + "'");
            }
            if (vocabSize < WordPiece.SPECIALS.size() || minFrequency < 1) {
                throw new ConfigException("--vocab-size must be >= " + WordPiece.SPECIALS.size() + " and --min-frequency"
                        + " >= 1, got " + vocabSize + " and " + minFrequency);
            }
            WordPieceTrainer trainer = new WordPieceTrainer(!cased);
            trainer.addFile(Path.of(data.substring(5)));
            WordPiece vocab = trainer.train(vocabSize, minFrequency, !cased);
            AtomicFile.write(out, vocab.toVocabText().getBytes(StandardCharsets.UTF_8));
            System.err.printf("%s: %,d tokens%n", out, vocab.size());
            return 0;
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Print the WordPiece tokens and ids of a text.")
    static final class Encode implements Callable<Integer> {
        @Option(names = "--vocab", required = true, description = "a vocab.txt (one token a line)")
        Path vocab;
        @Option(names = "--cased", description = "keep case and accents (for a cased vocabulary)")
        boolean cased;
        @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the text (words may be separate arguments)")
        List<String> words;

        @Override
        public Integer call() throws IOException {
            WordPiece wp = WordPiece.read(vocab, !cased);
            String text = String.join(" ", words);
            List<String> tokens = wp.tokenize(text);
            System.out.println(String.join(" ", tokens));
            System.out.println(String.join(" ", tokens.stream().map(t -> Integer.toString(wp.id(t))).toList()));
            return 0;
        }
    }
}

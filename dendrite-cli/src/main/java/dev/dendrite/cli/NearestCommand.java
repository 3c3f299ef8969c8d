package dev.dendrite.cli;

import dev.dendrite.data.WordVectors;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** dendrite nearest: a word's nearest neighbours by cosine similarity. */
@Command(name = "nearest", mixinStandardHelpOptions = true, description = "List a word's nearest neighbours.")
final class NearestCommand implements Callable<Integer> {
    @Option(names = "--vectors", required = true, description = "word vectors, word2vec text or binary format")
    Path vectors;
    @Option(names = "--count", defaultValue = "10", description = "how many neighbours (default: ${DEFAULT-VALUE})")
    int count;
    @Parameters(index = "0", description = "the word")
    String word;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new ConfigException("--count must be at least 1, got " + count);
        }
        WordVectors.read(vectors).lowerCased().nearest(word.toLowerCase(Locale.ROOT), count)
                .forEach(n -> System.out.printf("%-20s %.4f%n", n.word(), n.similarity()));
        return 0;
    }
}

package dev.dendrite.cli;

import dev.dendrite.data.WordEvaluation;
import dev.dendrite.data.WordVectors;
import dev.dendrite.io.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * dendrite analogy: "a is to b as c is to ?" from word vectors, or the accuracy on a questions-words file (per
 * section, as gensim scores it: case-insensitive, among the most frequent words, unknown questions skipped).
 */
@Command(name = "analogy", mixinStandardHelpOptions = true,
        description = "Answer a word analogy (king man woman) or score a file of them.")
final class AnalogyCommand implements Callable<Integer> {
    @Option(names = "--vectors", required = true, description = "word vectors, word2vec text or binary format")
    Path vectors;
    @Option(names = "--questions", description = "a questions-words file (': section' lines, then 'a b c d')")
    Path questions;
    @Option(names = "--restrict", defaultValue = "30000", description = "consider only this many most frequent words (default: ${DEFAULT-VALUE})")
    int restrict;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;
    @Parameters(arity = "0..3", description = "a b c: the word that is to c as b is to a")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (restrict < 1) {
            throw new ConfigException("--restrict must be >= 1, got " + restrict);
        }
        if ((questions == null) == (words.size() != 3)) {
            throw new ConfigException("analogy: give either three words (king man woman) or --questions FILE");
        }
        WordVectors v = WordVectors.read(vectors);
        if (questions == null) {
            WordVectors lower = v.lowerCased();
            List<String> w = words.stream().map(x -> x.toLowerCase(Locale.ROOT)).toList();
            var answer = lower.mostSimilar(List.of(w.get(0), w.get(2)), List.of(w.get(1)), 1, lower.size()).getFirst();
            if (json) {
                System.out.println(new JsonObject().put("answer", answer.word()).put("similarity", answer.similarity()));
            } else {
                System.out.printf("%s - %s + %s = %s (cosine %.3f)%n", w.get(0), w.get(1), w.get(2), answer.word(),
                        answer.similarity());
            }
            return 0;
        }
        WordEvaluation.Analogies a = WordEvaluation.analogies(v, questions, restrict);
        if (json) {
            List<Object> sections = new ArrayList<>();
            a.sections().forEach(s -> sections.add(new JsonObject().put("name", s.name()).put("correct", s.correct())
                    .put("answered", s.answered()).put("accuracy", s.accuracy())));
            System.out.println(new JsonObject().put("accuracy", a.accuracy()).put("sections", sections)
                    .put("answered", a.answered()).put("skipped", a.skipped()));
        } else {
            a.sections().forEach(s -> System.out.printf("%-30s %6.2f%% of %d%n", s.name(), 100 * s.accuracy(), s.answered()));
            System.out.printf("accuracy %.2f%% on %d questions answered; %d skipped (a word outside the %d most frequent)%n",
                    100 * a.accuracy(), a.answered(), a.skipped(), restrict);
        }
        return 0;
    }
}

package dev.dendrite.cli;

import dev.dendrite.data.WordEvaluation;
import dev.dendrite.data.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** dendrite similarity: Spearman's rho between word vectors' cosines and human scores (WordSim-353 style). */
@Command(name = "similarity", mixinStandardHelpOptions = true,
        description = "Spearman's rho of word vectors against human word-pair similarity scores.")
final class SimilarityCommand implements Callable<Integer> {
    @Option(names = "--vectors", required = true, description = "word vectors, word2vec text or binary format")
    Path vectors;
    @Option(names = "--pairs", required = true, description = "word1<TAB>word2<TAB>score lines ('#' comments)")
    Path pairs;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        WordEvaluation.Similarity s = WordEvaluation.similarity(WordVectors.read(vectors), pairs);
        if (json) {
            System.out.println(new JsonObject().put("spearman", s.spearman()).put("pairs_found", s.pairsFound())
                    .put("pairs_skipped", s.pairsSkipped()));
        } else {
            System.out.printf("Spearman %.4f on %d pairs; %d skipped (a word not in the vectors)%n", s.spearman(),
                    s.pairsFound(), s.pairsSkipped());
        }
        return 0;
    }
}

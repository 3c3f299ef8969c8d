// word2vec through the registry on a synthetic corpus whose answer is known: sentences draw their words from one
// of four classes, so each word's nearest neighbours must be words of its class. One worker repeats itself bit
// for bit; the vocabulary is rebuilt from the metadata.
package dev.dendrite.models;

import dev.dendrite.data.WordVectors;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.models.registry.WordEmbedder;
import dev.dendrite.train.EpochRecord;
import dev.dendrite.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Word2VecTest {
    private static final String[][] CLASSES = {
        {"red", "green", "blue", "yellow", "purple"},
        {"dog", "cat", "horse", "sheep", "goat"},
        {"paris", "london", "rome", "madrid", "berlin"},
        {"run", "walk", "swim", "jump", "climb"},
    };

    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        Random r = new Random(11);
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < 600; s++) {
            String[] words = CLASSES[r.nextInt(CLASSES.length)];
            for (int k = 0; k < 8; k++) {
                text.append(words[r.nextInt(words.length)]).append(k == 7 ? ".\n" : " ");
            }
        }
        return Files.writeString(dir.resolve("corpus.txt"), text);
    }

    private WordVectors train(String architecture, boolean hierarchical, int workers) throws IOException {
        Prepared p = Word2VecKind.KIND.prepare(Map.of("architecture", architecture, "dim", "16", "window", "3",
                        "sample", "0", "negative", hierarchical ? "0" : "5", "hierarchical", "" + hierarchical,
                        "workers", "" + workers),
                new TrainingOptions("text:" + corpus(), 0, 64, "sgd", 0.05, 5));
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(5)).run(p.task(), 0, List.of());
        assertTrue(history.getLast().train().get("loss") < history.getFirst().train().get("loss"), history.toString());
        assertEquals(4800 * 5, history.stream().mapToLong(EpochRecord::items).sum());
        return ((WordEmbedder) p.model()).vectors();
    }

    private static int classOf(String word) {
        for (int c = 0; c < CLASSES.length; c++) {
            if (List.of(CLASSES[c]).contains(word)) {
                return c;
            }
        }
        throw new AssertionError(word);
    }

    @Test
    void nearestNeighboursAreWordsOfTheSameClassForEveryArchitecture() throws IOException {
        for (String architecture : List.of("skip-gram", "cbow")) {
            for (boolean hierarchical : List.of(false, true)) {
                WordVectors vectors = train(architecture, hierarchical, 2);
                assertEquals(20, vectors.size());
                for (String[] words : CLASSES) {
                    for (String word : words) {
                        for (WordVectors.Neighbour n : vectors.nearest(word, 3)) {
                            assertEquals(classOf(word), classOf(n.word()), architecture + (hierarchical ? " hs" : " ns")
                                    + ": " + word + " -> " + vectors.nearest(word, 4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneWorkerIsReproducibleAndTheVocabularyComesBackFromMetadata() throws IOException {
        WordVectors a = train("skip-gram", false, 1);
        WordVectors b = train("skip-gram", false, 1);
        for (String word : a.words()) {
            assertArrayEquals(a.vector(word), b.vector(word), word);
        }
        Prepared p = Word2VecKind.KIND.prepare(Map.of(), new TrainingOptions("text:" + corpus(), 0, 64, "sgd", 0.025, 5));
        Word2Vec restored = (Word2Vec) Word2VecKind.KIND.restore(p.metadata());
        assertEquals(((Word2Vec) p.model()).words(), restored.words());
        assertEquals(p.model().module().stateDict().keySet(), restored.stateDict().keySet());
    }

    @Test
    void badSettingsAreClearErrors() throws IOException {
        Path file = corpus();
        var optimizer = assertThrows(ConfigException.class, () -> Word2VecKind.KIND.prepare(Map.of(),
                new TrainingOptions("text:" + file, 0, 64, "adam", 0.025, 5)));
        assertTrue(optimizer.getMessage().contains("--optimizer adam does not apply"), optimizer.getMessage());
        var tooRare = assertThrows(ConfigException.class, () -> Word2VecKind.KIND.prepare(Map.of("min-count", "100000"),
                new TrainingOptions("text:" + file, 0, 64, "sgd", 0.025, 5)));
        assertTrue(tooRare.getMessage().contains("lower min-count"), tooRare.getMessage());
        var architecture = assertThrows(ConfigException.class, () -> Word2VecKind.KIND.prepare(
                Map.of("architecture", "glove"), new TrainingOptions("text:" + file, 0, 64, "sgd", 0.025, 5)));
        assertTrue(architecture.getMessage().contains("skip-gram or cbow"), architecture.getMessage());
    }
}

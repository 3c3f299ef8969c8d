// The text classifiers (bag of words, fastText) through the registry on a small labelled-text file whose label a
// word decides.
package dev.dendrite.models;

import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.train.EpochRecord;
import dev.dendrite.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BagOfWordsTest {
    @TempDir
    Path dir;

    private Path reviews() throws IOException {
        String[] filler = {"the", "film", "was", "a", "plot", "and", "actors", "scenes", "music", "ending"};
        StringBuilder rows = new StringBuilder("label\ttext\n");
        dev.dendrite.tensor.Generator g = new dev.dendrite.tensor.Generator(5);
        for (int i = 0; i < 400; i++) {
            boolean positive = i % 2 == 0;
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                text.append(filler[g.nextInt(filler.length)]).append(' ');
            }
            text.append(positive ? "wonderful" : "awful").append(". <br />").append(filler[g.nextInt(filler.length)]);
            rows.append(positive ? "pos" : "neg").append('\t').append(text).append('\n');
        }
        return Files.writeString(dir.resolve("reviews.tsv"), rows);
    }

    @Test
    void learnsWhichWordsDecideTheLabelAndRebuildsFromMetadata() throws IOException {
        Path file = reviews();
        Prepared p = BagOfWordsKind.KIND.prepare(Map.of("test-fraction", "0.25"),
                new TrainingOptions("tsv:" + file, 0, 16, "adam", 0.1, 5));
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(3)).run(p.task(), 0, List.of());
        // observed: 100 % held-out accuracy after 3 epochs; the word decides the label
        assertTrue(history.getLast().evaluation().get("test_accuracy") > 0.95, history.getLast().toString());
        assertTrue(history.getFirst().train().get("loss") > history.getLast().train().get("loss"));
        assertEquals("neg\npos", p.metadata().get("fitted.labels"));
        assertTrue(p.metadata().get("fitted.tokens").startsWith("<pad>\n<unk>\n"));
        var restored = (TextClassifierKind.Classifier) BagOfWordsKind.KIND.restore(p.metadata());
        assertEquals(p.model().module().stateDict().keySet(), restored.module().stateDict().keySet());
        assertTrue(restored.vocabulary().contains("wonderful"));
    }

    @Test
    void fastTextWithBigramsLearnsTheSameAndItsIdsIncludeTheBigrams() throws IOException {
        Path file = reviews();
        Prepared p = FastTextKind.KIND.prepare(Map.of("test-fraction", "0.25", "buckets", "1000", "dim", "8"),
                new TrainingOptions("tsv:" + file, 0, 16, "adam", 0.05, 5));
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(3)).run(p.task(), 0, List.of());
        // observed: 100 % held-out accuracy after 3 epochs
        assertTrue(history.getLast().evaluation().get("test_accuracy") > 0.95, history.getLast().toString());
        FastText model = new FastText(5, 7, 2, 2, new dev.dendrite.tensor.Generator(0));
        int[] ids = model.encode(new int[] {2, 3, 4}, List.of("a", "b", "c"));
        assertEquals(5, ids.length); // three words, two bigrams
        assertTrue(ids[3] >= 5 && ids[3] < 12 && ids[4] >= 5 && ids[4] < 12, java.util.Arrays.toString(ids));
    }
}

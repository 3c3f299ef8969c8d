// The bert kind: a tiny pretraining run on a small corpus lowers the held-out MLM loss, the model rebuilds from its
// metadata, and fill-mask answers with probabilities or refuses a text without exactly one [MASK] or too long; a
// labelled set gives its training texts (not its test texts) as documents, a sentence a line.
package dev.dendrite.models;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.MaskFiller;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.tensor.ShapeException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertPretrainingTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        StringBuilder b = new StringBuilder();
        String[] sentences = {"the king rules the land .", "the queen rules the land .", "a dog sees a cat .",
                "a cat sees a dog .", "the land is green .", "the dog runs home ."};
        for (int d = 0; d < 60; d++) {
            for (int s = 0; s < 4; s++) b.append(sentences[(d + s) % sentences.length]).append('\n');
            b.append('\n');
        }
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, b);
        return file;
    }

    @Test
    void aTinyPretrainingRunLowersTheMlmLossAndFillsMasks() throws IOException {
        ModelKind<?, ?> kind = ModelKinds.get("bert");
        Prepared p = kind.prepare(Map.of("layers", "1", "hidden", "32", "max-length", "24", "vocab-size", "60",
                "held-out", "0.2", "dropout", "0"), new TrainingOptions("text:" + corpus(), 1, 16, "adamw", 3e-3, 5));
        double before = p.task().evaluate().get("mlm_loss");
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(8)).run(p.task(), 0, List.of());
        double after = history.getLast().evaluation().get("mlm_loss");
        assertTrue(after < before - 1, "MLM loss " + before + " -> " + after);
        assertTrue(history.getLast().evaluation().containsKey("nsp_accuracy"));
        MaskFiller restored = (MaskFiller) kind.restore(p.metadata());
        restored.module().loadState(p.model().module().stateDict());
        List<MaskFiller.Candidate> top = restored.fillMask("the [MASK] rules the land .", 5);
        assertEquals(5, top.size());
        assertTrue(top.get(0).probability() >= top.get(1).probability());
        var none = assertThrows(ConfigException.class, () -> restored.fillMask("the king rules", 5));
        assertTrue(none.getMessage().contains("no [MASK] to fill"), none.getMessage());
        var two = assertThrows(ConfigException.class, () -> restored.fillMask("[MASK] [MASK]", 5));
        assertTrue(two.getMessage().contains("more than one [MASK]"), two.getMessage());
        var tooLong = assertThrows(ShapeException.class, () -> restored.fillMask("the [MASK]" + " land".repeat(30), 5));
        assertTrue(tooLong.getMessage().contains("T <= 24 positions"), tooLong.getMessage());
    }

    @Test
    void epochPairsCutsTheStreamOfPassesIntoShorterEpochs() throws IOException {
        Prepared p = ModelKinds.get("bert").prepare(Map.of("layers", "1", "hidden", "32", "max-length", "24",
                "vocab-size", "60", "held-out", "0.2", "dropout", "0", "epoch-pairs", "40"),
                new TrainingOptions("text:" + corpus(), 1, 16, "adamw", 3e-3, 5));
        assertEquals(3, p.task().batchesPerEpoch());
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(6)).run(p.task(), 0, List.of());
        assertEquals(6, history.size());
        assertTrue(history.stream().allMatch(r -> Double.isFinite(r.evaluation().get("mlm_loss"))));
    }

    @Test
    void aLabelledSetGivesItsTrainingTextsOnlyASentenceALine() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) rows.append(i % 2 == 0 ? "pos" : "neg").append("\tReview w").append(i)
                .append(" is fine. It ends w").append(i).append("!\n");
        Path file = dir.resolve("reviews.tsv");
        Files.writeString(file, rows);
        List<String> lines = BertKind.corpus("imdb:" + file, 3);
        List<String> train = dev.dendrite.data.LabelledText.read(file)
                .split(3, BertClassifierKind.KIND.defaults().testFraction()).get(0).texts();
        assertEquals(3 * train.size(), lines.size());
        for (int t = 0; t < train.size(); t++) {
            String id = train.get(t).split(" ")[1];
            assertEquals(List.of("review " + id + " is fine .", "it ends " + id + " !", ""), lines.subList(3 * t, 3 * t + 3));
        }
        var wrong = assertThrows(ConfigException.class, () -> BertKind.corpus("csv:" + file, 3));
        assertTrue(wrong.getMessage().contains("imdb:FILE"), wrong.getMessage());
    }
}

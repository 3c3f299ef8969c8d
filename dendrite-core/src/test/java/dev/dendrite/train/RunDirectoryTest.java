// A run directory from Java: the writer keeps metrics, best and checkpoint in step; a resumed log drops the rows
// after its checkpoint's epoch; a directory holding a run is refused unless it is replaced.
package dev.dendrite.train;

import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.Linear;
import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RunDirectoryTest {
    @TempDir
    Path dir;

    private static EpochRecord epoch(int e, double valLoss) {
        return new EpochRecord(e, Map.of("loss", 1.0 / (e + 1)), Map.of("val_loss", valLoss), 0.5, 100, 1e-3, 10L * (e + 1),
                false);
    }

    @Test
    void theWriterKeepsTheBestEpochAndAResumedLogDropsLaterRows() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        run.checkFresh(false);
        run.begin();
        TrainingState state = TrainingState.of(new Linear(2, 1, new Generator(0)), null, null);
        Callback writer = run.writer(state, Map.of("model", "test"), new Objective("val_loss", true),
                MetricsLog.fresh(run.metrics()), "samples", true);
        for (double[] e : new double[][] {{0, 0.9}, {1, 0.7}, {2, 0.8}}) {
            writer.onEpochEnd(epoch((int) e[0], e[1]));
        }
        assertEquals(List.of("epoch,train_loss,val_loss,seconds,samples_per_second,lr", "1", "2", "3"),
                Files.readAllLines(run.metrics()).stream().map(l -> l.startsWith("epoch") ? l : l.split(",")[0]).toList());
        assertEquals("2", Checkpoint.metadata(run.best()).get("best_epoch"));
        assertEquals(0.7, run.bestSoFar());
        assertEquals("2", Checkpoint.metadata(run.checkpoint()).get("epoch"));
        assertThrows(ConfigException.class, () -> run.checkFresh(false));
        MetricsLog resumed = MetricsLog.resumed(run.metrics(), 2);
        assertEquals(2, resumed.history().size());
        assertEquals(2.0, resumed.history().getLast().get("epoch"));
    }
}

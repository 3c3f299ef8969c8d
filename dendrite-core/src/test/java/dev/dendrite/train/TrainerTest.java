// The training loop end to end on the embedded digits set, metrics, and early stopping.
package dev.dendrite.train;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Digits;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @Test
    void mlpLearnsTheEmbeddedDigits() {
        TensorDataset all = Digits.load();
        int[][] split = Splits.random(all.size(), 0, 0.8, 0.2);
        Generator g = new Generator(0);
        Sequential model = new Sequential(new Linear(64, 64, g), new ReLU(), new Linear(64, 10, g));
        Trainer trainer = new Trainer(model, F::crossEntropy, new Adam(model.parameters(), 0.01));
        List<EpochResult> history = trainer.fit(new DataLoader(all.subset(split[0]), 32, 1), all.subset(split[1]), 0,
                new Trainer.Config(8, 5, 0, null), List.of());
        EpochResult last = history.getLast();
        // observed: validation accuracy 0.97 after 8 epochs
        assertTrue(last.valAccuracy() >= 0.93, "validation accuracy " + last.valAccuracy());
        assertTrue(last.valTopKAccuracy() >= last.valAccuracy());
        assertTrue(history.getFirst().trainLoss() > last.trainLoss());
    }

    @Test
    void topKCountsTargetsAmongTheLargestLogits() {
        Tensor logits = Tensor.of(new float[][] {{0.1f, 0.9f, 0.5f}, {0.8f, 0.1f, 0.3f}});
        Tensor target = Tensor.fromArray(new long[] {2, 0});
        assertEquals(1, Metrics.correct(logits, target));
        assertEquals(2, Metrics.topKCorrect(logits, target, 2));
    }

    @Test
    void earlyStoppingWaitsForPatience() {
        EarlyStopping stop = new EarlyStopping(2, 0);
        double[] losses = {1.0, 0.9, 0.95, 0.92};
        boolean[] expected = {true, true, true, false};
        for (int i = 0; i < losses.length; i++) {
            assertEquals(expected[i], stop.onEpochEnd(new EpochResult(i, 0, 0, losses[i], 0, 0, 0, 0, 0)), "epoch " + i);
        }
    }
}

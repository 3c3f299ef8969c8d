// The one training loop on the embedded digits set and on tiny tasks: learning, the non-finite check (stop or
// skip), gradient accumulation, per-step schedules, time budgets; honest accuracy; early stopping.
package dev.dendrite.train;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Digits;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {
    private static final TensorDataset DIGITS = Digits.load();
    private static final int[][] SPLIT = Splits.random(DIGITS.size(), 0, 0.8, 0.2);

    private static ClassificationTask digits(Sequential model, dev.dendrite.optim.Optimizer opt, int batch) {
        return new ClassificationTask(model, opt, null, new DataLoader(DIGITS.subset(SPLIT[0]), batch, true, false, 1, 0),
                new ClassificationTask.Evaluation(DIGITS.subset(SPLIT[1]), "test", 10, 5));
    }

    private static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(64, 64, g), new ReLU(), new Linear(64, 10, g));
    }

    @Test
    void mlpLearnsTheEmbeddedDigits() {
        Sequential model = mlp(0);
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(8))
                .run(digits(model, new Adam(model.parameters(), 0.01), 32), 0, List.of());
        EpochRecord last = history.getLast();
        // observed: test accuracy 0.97 after 8 epochs
        assertTrue(last.evaluation().get("test_accuracy") >= 0.93, last.toString());
        assertTrue(last.evaluation().get("test_top5_accuracy") >= last.evaluation().get("test_accuracy"));
        assertTrue(history.getFirst().train().get("loss") > last.train().get("loss"));
        assertEquals(8, history.size());
        assertEquals(8L * 45, last.steps()); // 1,437 training samples in batches of 32
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingTheStep() {
        // The CLI's default MLP: three layers multiply the blown-up weights until float32 overflows.
        Generator g = new Generator(0);
        Sequential model = new Sequential(new Linear(64, 256, g), new ReLU(), new Linear(256, 128, g), new ReLU(),
                new Linear(128, 10, g));
        ClassificationTask task = digits(model, new Sgd(model.parameters(), 1e6), 32);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> new TrainingLoop(TrainingLoop.Config.epochs(3)).run(task, 0, List.of()));
        assertTrue(e.getMessage().matches("the training loss is (NaN|Infinity) at epoch \\d+, batch \\d+ of 45 .*--lr.*"),
                e.getMessage());
    }

    @Test
    void skippedNonFiniteBatchesLeaveTheWeightsAlone() {
        Sequential model = mlp(0);
        Tensor before = model.namedParameters().get("0.weight").clone();
        dev.dendrite.io.TrainingState state = dev.dendrite.io.TrainingState.of(model, new Sgd(model.parameters(), 0.1), null);
        Task poisoned = new Task() {
            @Override
            public dev.dendrite.io.TrainingState state() {
                return state;
            }

            @Override
            public int batchesPerEpoch() {
                return 3;
            }

            @Override
            public Epoch epoch(int epoch) {
                return (batch, o) -> {
                    Tensor loss = model.forward(Tensor.zeros(2, 64)).sum().mul(batch == 1 ? Double.NaN : 0);
                    assertEquals(batch != 1, o.minimize("optimizer", loss));
                    return Metrics.loss(2, loss.item());
                };
            }

            @Override
            public Map<String, Double> evaluate() {
                return Map.of();
            }
        };
        List<EpochRecord> history = new TrainingLoop(new TrainingLoop.Config(1, 0, 1, 0, null, true))
                .run(poisoned, 0, List.of());
        // batches 0 and 2 have a zero loss (no change to the weights), batch 1 a NaN one, skipped
        assertArrayEquals(before.toFloatArray(), model.namedParameters().get("0.weight").toFloatArray());
        assertEquals(0.0, history.getFirst().train().get("loss"), 0.0, "the skipped batch is not averaged in");
        assertEquals(4, history.getFirst().items());
    }

    @Test
    void aNaNEvaluationStopsTheRunInsteadOfBeingReported() {
        Sequential model = mlp(0);
        ClassificationTask digits = digits(model, new Sgd(model.parameters(), 0.01), 32);
        Task nanEvaluation = new Task() {
            @Override
            public dev.dendrite.io.TrainingState state() {
                return digits.state();
            }

            @Override
            public int batchesPerEpoch() {
                return digits.batchesPerEpoch();
            }

            @Override
            public Epoch epoch(int epoch) {
                return digits.epoch(epoch);
            }

            @Override
            public Map<String, Double> evaluate() {
                return Map.of("val_loss", Double.NaN);
            }
        };
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> new TrainingLoop(TrainingLoop.Config.epochs(1)).run(nanEvaluation, 0, List.of()));
        assertTrue(e.getMessage().startsWith("the evaluation's val_loss is NaN after epoch 1"), e.getMessage());
    }

    @Test
    void accumulatingTwoHalfBatchesMatchesOneFullBatch() {
        Sequential whole = mlp(3);
        Sequential halves = mlp(3);
        TensorDataset data = DIGITS.subset(SPLIT[0]).subset(java.util.stream.IntStream.range(0, 64).toArray());
        ClassificationTask.Evaluation none = new ClassificationTask.Evaluation(data, "test", 10, 5);
        new TrainingLoop(TrainingLoop.Config.epochs(1)).run(new ClassificationTask(whole,
                new Sgd(whole.parameters(), 0.1), null, new DataLoader(data, 64, false, false, 0, 0), none), 0, List.of());
        new TrainingLoop(new TrainingLoop.Config(1, 0, 2, 0, null, false)).run(new ClassificationTask(halves,
                new Sgd(halves.parameters(), 0.1), null, new DataLoader(data, 32, false, false, 0, 0), none), 0, List.of());
        float[] a = whole.namedParameters().get("2.weight").toFloatArray();
        float[] b = halves.namedParameters().get("2.weight").toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6, "weight " + i);
        }
    }

    @Test
    void theScheduleSetsTheRateBeforeEveryUpdate() {
        Sequential model = mlp(0);
        Sgd opt = new Sgd(model.parameters(), 0.5);
        List<Double> rates = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public void onStep(int epoch, int batch, int batches, Map<String, Double> running, long items) {
                rates.add(opt.lr());
            }
        };
        new TrainingLoop(new TrainingLoop.Config(2, 0, 1, 0, LrSchedule.step(1, 45, 0.1), false))
                .run(digits(model, opt, 32), 0, List.of(record));
        assertEquals(90, rates.size());
        assertEquals(0.5, rates.get(44), 1e-12);
        assertEquals(0.05, rates.get(45), 1e-12); // the 46th update is the first of the second step
        assertEquals(0.5, opt.initialLr());
    }

    @Test
    void aTimeBudgetEndsTheRunMidEpochAndMarksItPartial() {
        Sequential model = mlp(0);
        List<EpochRecord> history = new TrainingLoop(new TrainingLoop.Config(1000, 1e-9, 1, 0, null, false))
                .run(digits(model, new Adam(model.parameters(), 0.01), 32), 0, List.of());
        assertTrue(history.size() <= 1, "epochs run " + history.size());
        history.forEach(r -> assertTrue(r.partial()));
    }

    @Test
    void accuracyTakesTheFirstMaximumAndRefusesNaN() {
        Tensor logits = Tensor.of(new float[][] {{0.1f, 0.9f, 0.5f}, {0.8f, 0.1f, 0.3f}});
        Tensor target = Tensor.fromArray(new long[] {2, 0});
        assertEquals(1, Accuracy.correct(logits, target));
        assertEquals(2, Accuracy.topKCorrect(logits, target, 2));
        // All-equal logits predict class 0: only rows labelled 0 are right.
        Tensor ties = Tensor.zeros(3, 4);
        assertEquals(1, Accuracy.correct(ties, Tensor.fromArray(new long[] {0, 1, 3})));
        assertEquals(2, Accuracy.topKCorrect(ties, Tensor.fromArray(new long[] {0, 1, 3}), 2));
        Tensor nan = Tensor.of(new float[][] {{Float.NaN, 0}});
        assertThrows(NonFiniteException.class, () -> Accuracy.correct(nan, Tensor.fromArray(new long[] {1})));
    }

    @Test
    void evaluationLeavesTopKOutWhenKCoversEveryClass() {
        Sequential model = new Sequential(new Linear(64, 3, new Generator(0)));
        TensorDataset three = new TensorDataset(Tensor.zeros(4, 64), Tensor.fromArray(new long[] {0, 1, 2, 0}));
        ClassificationTask task = new ClassificationTask(model, null, null, new DataLoader(three, 2, 0),
                new ClassificationTask.Evaluation(three, "test", 3, 5));
        assertEquals(java.util.Set.of("test_loss", "test_accuracy"), task.evaluate().keySet());
    }

    @Test
    void earlyStoppingWaitsForPatience() {
        EarlyStopping stop = new EarlyStopping(new Objective("val_loss", true), 2, 0);
        double[] losses = {1.0, 0.9, 0.95, 0.92};
        boolean[] expected = {true, true, true, false};
        for (int i = 0; i < losses.length; i++) {
            EpochRecord r = new EpochRecord(i, Map.of(), Map.of("val_loss", losses[i]), 0, 0, 0, 0, false);
            assertEquals(expected[i], stop.onEpochEnd(r), "epoch " + i);
        }
    }
}

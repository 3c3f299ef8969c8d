package dev.dendrite.train;

import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop. For each epoch (or until a time budget runs out, mid-epoch if need be) it steps the task's
 * batches; each loss a step hands to minimize() is checked for NaN/infinity, backpropagated (divided by the
 * accumulation count), and every `accumulate` micro-batches the optimizer's gradients are clipped and applied, its
 * learning rate first set from the schedule. After each epoch it evaluates the task (a NaN metric stops the run
 * too) and calls the callbacks (checkpoints, logs, early stopping).
 */
public final class TrainingLoop {
    /**
     * How to train. {@code minutes} 0 means no time budget; {@code clipNorm} 0 means no clipping; {@code schedule}
     * (null for a constant rate) gives a factor of each optimizer's initial learning rate for update n, counting
     * from 0 (under a time budget, n is the budget's spent share of {@link #plannedSteps}); {@code skipNonFinite}
     * skips batches whose loss is NaN or infinite instead of stopping.
     */
    public record Config(int epochs, double minutes, int accumulate, double clipNorm, LrSchedule schedule,
                         boolean skipNonFinite) {
        public Config {
            if (epochs < 0 || !(minutes >= 0) || accumulate < 1 || !(clipNorm >= 0)) {
                throw new IllegalArgumentException("TrainingLoop.Config: epochs >= 0, minutes >= 0, accumulate >= 1"
                        + " and clipNorm >= 0 required, got " + epochs + ", " + minutes + ", " + accumulate + ", " + clipNorm);
            }
        }

        /** Plain epochs: no budget, no accumulation, no clipping, constant learning rate, stop on NaN. */
        public static Config epochs(int epochs) {
            return new Config(epochs, 0, 1, 0, null, false);
        }

        /** The optimizer updates that all epochs make: what a schedule's length is measured in. */
        public long plannedSteps(Task task) {
            return Math.max(1, (long) epochs * task.batchesPerEpoch() / accumulate);
        }
    }

    private final Config config;

    public TrainingLoop(Config config) {
        this.config = config;
    }

    /**
     * Trains epochs {@code firstEpoch} .. epochs-1 (a resumed run passes the epoch after its checkpoint's) and
     * returns one record per epoch run.
     */
    public List<EpochRecord> run(Task task, int firstEpoch, List<Callback> callbacks) {
        long start = System.nanoTime();
        long budget = config.minutes() > 0 ? (long) (config.minutes() * 60e9) : Long.MAX_VALUE;
        int batches = task.batchesPerEpoch();
        Steps steps = new Steps(task, config, budget, start);
        List<EpochRecord> history = new ArrayList<>();
        for (int epoch = firstEpoch; epoch < config.epochs() && System.nanoTime() - start < budget; epoch++) {
            long epochStart = System.nanoTime();
            Map<String, Double> sums = new LinkedHashMap<>();
            long items = 0;
            boolean partial = false;
            try (Task.Epoch pass = task.epoch(epoch)) {
                for (int b = 0; b < batches; b++) {
                    if (System.nanoTime() - start >= budget) {
                        partial = true;
                        break;
                    }
                    steps.at(epoch, b, batches);
                    Metrics m = pass.step(b, steps);
                    if (steps.skipped()) {
                        continue; // its NaN loss would make the epoch's means NaN
                    }
                    items += m.items();
                    for (var e : m.values().entrySet()) {
                        sums.merge(e.getKey(), e.getValue() * m.items(), Double::sum);
                    }
                    Map<String, Double> running = means(sums, items);
                    for (Callback c : callbacks) {
                        c.onStep(epoch, b + 1, batches, running, items);
                    }
                }
                steps.flush();
            }
            if (items == 0) {
                break;
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            Map<String, Double> evaluation = task.evaluate();
            for (var e : evaluation.entrySet()) {
                if (Double.isNaN(e.getValue())) {
                    throw new NonFiniteException("the evaluation's " + e.getKey() + " is NaN after epoch " + (epoch + 1)
                            + ": the model's outputs are not finite; lower the learning rate (--lr) or clip gradients"
                            + " (--clip-norm)");
                }
            }
            EpochRecord record = new EpochRecord(epoch, means(sums, items), evaluation, seconds, items,
                    steps.lastLr(), steps.updates(), partial);
            history.add(record);
            boolean go = true;
            for (Callback c : callbacks) {
                go &= c.onEpochEnd(record);
            }
            if (!go) {
                break;
            }
        }
        return history;
    }

    private static Map<String, Double> means(Map<String, Double> sums, long items) {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(k, v / Math.max(items, 1)));
        return out;
    }

    /** The loop's side of each step, for every optimizer of the task: accumulation counts, schedule, clipping. */
    private static final class Steps implements Optimization {
        private final Map<String, Optimizer> optimizers;
        private final Config config;
        private final long budget;
        private final long start;
        private final long planned;
        private final Map<String, Integer> pending = new HashMap<>();
        private int epoch;
        private int batch;
        private int batches;
        private long updates;
        private boolean skipped;

        Steps(Task task, Config config, long budget, long start) {
            this.optimizers = task.state().optimizers();
            this.config = config;
            this.budget = budget;
            this.start = start;
            this.planned = config.plannedSteps(task);
            this.updates = optimizers.values().stream().mapToLong(Optimizer::steps).max().orElse(0);
        }

        void at(int epoch, int batch, int batches) {
            this.epoch = epoch;
            this.batch = batch;
            this.batches = batches;
            this.skipped = false;
        }

        @Override
        public double progress() {
            double done = (epoch * (double) batches + batch) / Math.max(1.0, config.epochs() * (double) batches);
            double spent = budget == Long.MAX_VALUE ? 0 : (System.nanoTime() - start) / (double) budget;
            return Math.min(1, Math.max(done, spent));
        }

        /** Whether the current batch's loss was not finite and skipped. */
        boolean skipped() {
            return skipped;
        }

        @Override
        public boolean minimize(String name, Tensor loss) {
            Optimizer optimizer = optimizers.get(name);
            if (optimizer == null) {
                throw new IllegalArgumentException("minimize: no optimizer named '" + name + "'; the task has "
                        + optimizers.keySet());
            }
            if (loss.numel() != 1) {
                throw new IllegalArgumentException("minimize: the loss must be a scalar, got shape " + loss.shape());
            }
            double value = loss.item();
            if (!Double.isFinite(value)) {
                if (config.skipNonFinite()) {
                    skipped = true;
                    return false;
                }
                throw new NonFiniteException(String.format("the training loss is %s at epoch %d, batch %d of %d"
                        + " (optimizer '%s', update %d); lower the learning rate (--lr), clip gradients (--clip-norm),"
                        + " check the data for NaN or infinite values, or skip such batches (--skip-non-finite)",
                        value, epoch + 1, batch + 1, batches, name, updates + 1));
            }
            int seen = pending.getOrDefault(name, 0);
            if (seen == 0) {
                optimizer.zeroGrad();
            }
            (config.accumulate() == 1 ? loss : loss.div(config.accumulate())).backward();
            pending.put(name, seen + 1);
            if (seen + 1 == config.accumulate()) {
                update(name, optimizer);
            }
            return true;
        }

        /** Applies the updates of micro-batches accumulated at the end of an epoch. */
        void flush() {
            for (var e : optimizers.entrySet()) {
                if (pending.getOrDefault(e.getKey(), 0) > 0) {
                    update(e.getKey(), e.getValue());
                }
            }
        }

        private void update(String name, Optimizer optimizer) {
            pending.put(name, 0);
            if (config.schedule() != null) {
                long n = budget == Long.MAX_VALUE ? optimizer.steps()
                        : (long) (planned * (double) (System.nanoTime() - start) / budget);
                optimizer.setLr(optimizer.initialLr() * config.schedule().lr((int) Math.min(n, Integer.MAX_VALUE)));
            }
            if (config.clipNorm() > 0) {
                GradClip.clipGradNorm(optimizer.parameters(), config.clipNorm());
            }
            optimizer.step();
            updates = Math.max(updates, optimizer.steps());
        }

        long updates() {
            return updates;
        }

        double lastLr() {
            return optimizers.values().stream().findFirst().map(Optimizer::lr).orElse(Double.NaN);
        }
    }
}

// The training loop's options as the command line gives them (saved with a run, so --resume continues with the
// same schedule): epochs or a time budget, the learning-rate schedule (none, cosine to 0, x0.1 at each third of
// the updates, the Transformer's inverse square root, or linear to 0) after an optional linear warm-up, gradient
// clipping, accumulation, and whether to skip batches with a non-finite loss.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.train.Task;
import dev.dendrite.train.TrainingLoop;

import java.util.List;

record LoopOptions(int epochs, double minutes, String schedule, int warmup, double clipNorm, int accumulate,
                   boolean skipNonFinite) {
    static final List<String> SCHEDULES = List.of("none", "cosine", "step", "inverse-sqrt", "linear");

    LoopOptions {
        if (epochs < 0) {
            throw new ConfigException("--epochs must be >= 0, got " + epochs);
        }
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new ConfigException("--minutes must be >= 0, got " + minutes);
        }
        if (!SCHEDULES.contains(schedule)) {
            throw new ConfigException("unknown --schedule '" + schedule + "'; use one of " + String.join(", ", SCHEDULES));
        }
        if (warmup < 0) {
            throw new ConfigException("--warmup must be >= 0 updates, got " + warmup);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new ConfigException("--clip-norm must be >= 0 (0: off), got " + clipNorm);
        }
        if (accumulate < 1) {
            throw new ConfigException("--accumulate must be >= 1, got " + accumulate);
        }
    }

    /** The loop's config for {@code task}: schedules are measured in the updates that all epochs make. */
    TrainingLoop.Config config(Task task) {
        TrainingLoop.Config plain = new TrainingLoop.Config(epochs, minutes, accumulate, clipNorm, null, skipNonFinite);
        long planned = plain.plannedSteps(task);
        int updates = (int) Math.min(planned, Integer.MAX_VALUE);
        LrSchedule factor = switch (schedule) {
            case "cosine" -> LrSchedule.cosine(1, updates, 0);
            case "step" -> LrSchedule.step(1, Math.max(1, updates / 3), 0.1);
            case "inverse-sqrt" -> LrSchedule.inverseSqrt(1, Math.max(1, warmup));
            case "linear" -> LrSchedule.linear(1, updates);
            default -> warmup > 0 ? n -> 1 : null;
        };
        if (warmup > 0) {
            factor = LrSchedule.linearWarmup(warmup, factor);
        }
        return new TrainingLoop.Config(epochs, minutes, accumulate, clipNorm, factor, skipNonFinite);
    }
}

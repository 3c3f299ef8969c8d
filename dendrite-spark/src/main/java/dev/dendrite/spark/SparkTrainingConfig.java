package dev.dendrite.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a data-parallel run trains: a registered classifier kind with its settings, on a data spec every worker can
 * read (a shared path), with the global batch split across {@code workers}, plain epochs, an optimizer by name and
 * a seed. Serializable: Spark ships it to the executors.
 *
 * @param microBatches  the parts each global batch is cut into (a multiple of {@code workers}; each worker takes
 *                      microBatches / workers of them in order); runs with the same value give the same bits for
 *                      any number of workers that divides it
 * @param checkpointDir a directory every worker can read (null: none), where rank 0 writes a checkpoint after each
 *                      epoch and from which a retried stage resumes
 * @param faultEpoch    for tests of recovery: the last worker fails after this epoch in the stage's first attempt
 *                      (-1: never)
 */
public record SparkTrainingConfig(String kind, Map<String, String> settings, String data, int workers, int batchSize,
                                  int microBatches, int epochs, String optimizer, double lr, long seed,
                                  String checkpointDir, int faultEpoch) implements Serializable {
    public SparkTrainingConfig {
        settings = Map.copyOf(settings);
        if (microBatches < 1 || microBatches % Math.max(1, workers) != 0) {
            throw new IllegalArgumentException("spark training: --micro-batches " + microBatches + " must be a"
                    + " positive multiple of --workers " + workers);
        }
        if (workers < 1 || batchSize < 1 || epochs < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("spark training: need workers, batch size and epochs >= 1 and lr > 0,"
                    + " got " + workers + ", " + batchSize + ", " + epochs + ", " + lr);
        }
    }
}

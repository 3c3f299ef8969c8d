// The worker pool: every task runs once, ranges cover [0, n) in fixed pieces, and a parallel kernel called from
// inside another one's task (the convolution's per-image GEMMs) runs inline instead of waiting on busy workers.
package dev.dendrite.kernels;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ParallelTest {
    @Test
    void everyTaskRunsOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(7);
        Parallel.run(7, runs::incrementAndGet);
        for (int i = 0; i < 7; i++) assertEquals(1, runs.get(i), "task " + i);
    }

    @Test
    void rangesCoverEveryIndexOnce() {
        AtomicIntegerArray hits = new AtomicIntegerArray(1001);
        Parallel.range(1001, 1, (from, to) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 1001; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void nestedRegionsRunInlineAndFinish() {
        AtomicIntegerArray inner = new AtomicIntegerArray(4 * 5);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 200; round++) {
                Parallel.run(4, outer -> Parallel.run(5, task -> inner.incrementAndGet(outer * 5 + task)));
            }
        });
        for (int i = 0; i < 20; i++) assertEquals(200, inner.get(i), "nested task " + i);
    }
}

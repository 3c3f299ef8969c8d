// The library's process-wide controls: worker threads end on shutdown or interrupt and come back when needed,
// and concurrent backward passes into shared parameters never lose a gradient.
package dev.dendrite;

import dev.dendrite.nn.Linear;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DendriteTest {
    private static List<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("dendrite-worker")
                && t.isAlive()).toList();
    }

    private static Tensor bigProduct() {
        Generator g = new Generator(1);
        return Tensor.randn(g, 256, 256).matmul(Tensor.randn(g, 256, 256));
    }

    @Test
    void workersEndOnShutdownOrInterruptAndComeBackWhenNeeded() throws Exception {
        Tensor expected = bigProduct();
        if (Dendrite.threads() == 1) {
            return; // a one-core machine has no workers to stop
        }
        assertTrue(workers().stream().allMatch(Thread::isDaemon));
        Dendrite.shutdown();
        assertEquals(List.of(), workers());
        assertTrue(bigProduct().allClose(expected, 0, 0), "the pool restarts with the same results");
        assertEquals(Dendrite.threads() - 1, workers().size());
        for (Thread w : workers()) {
            w.interrupt(); // as exec:java or a container does: an idle worker ends instead of spinning
        }
        for (Thread w : workers()) {
            w.join(5000);
        }
        assertEquals(List.of(), workers());
        assertTrue(bigProduct().allClose(expected, 0, 0));
    }

    @Test
    void concurrentBackwardPassesIntoSharedParametersLoseNothing() throws Exception {
        Linear shared = new Linear(16, 8, new Generator(2));
        Tensor x = Tensor.randn(new Generator(3), 4, 16);
        shared.forward(x).sum().backward();
        float[] once = shared.weight().grad().toFloatArray();
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        for (int round = 0; round < 500; round++) {
            shared.zeroGrad();
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    shared.forward(x).sum().backward();
                });
                thread.start();
                running.add(thread);
            }
            for (Thread thread : running) {
                thread.join();
            }
            float[] sum = shared.weight().grad().toFloatArray();
            for (int i = 0; i < sum.length; i++) {
                assertEquals(threads * once[i], sum[i], 1e-4 * Math.abs(threads * once[i]) + 1e-5, "round " + round);
            }
        }
    }
}

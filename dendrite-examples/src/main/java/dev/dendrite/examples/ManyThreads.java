// One model shared by several threads: inference from each (modules are read-only during forward), then the
// kernels' worker threads stopped, as an application server would when it unloads the library.
package dev.dendrite.examples;

import dev.dendrite.Dendrite;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public final class ManyThreads {
    private ManyThreads() {}

    /** Each thread's output for the same input; all equal. */
    public static List<Tensor> run(int threads) throws InterruptedException, ExecutionException {
        Generator g = new Generator(3);
        Sequential model = new Sequential(new Linear(256, 256, g), new ReLU(), new Linear(256, 10, g));
        model.eval();
        Tensor x = Tensor.randn(new Generator(4), 64, 256);
        List<Tensor> outputs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Tensor>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    try (var _ = dev.dendrite.autograd.Grad.disabled()) { // no-grad is per thread
                        return model.forward(x);
                    }
                }));
            }
            for (Future<Tensor> f : futures) {
                outputs.add(f.get());
            }
        }
        Dendrite.shutdown();
        return outputs;
    }

    public static void main(String[] args) throws Exception {
        List<Tensor> outputs = run(4);
        System.out.println("4 threads, same outputs: " + outputs.stream().allMatch(o -> o.allClose(outputs.get(0), 0, 0)));
    }
}

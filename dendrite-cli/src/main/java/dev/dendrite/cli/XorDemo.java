// XOR, the function a single perceptron cannot learn (seed 001), learned by a 2-4-1 network: tanh hidden
// layer, sigmoid output, mean squared error, plain gradient descent written out with autograd.
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.PrintStream;
import java.util.List;

final class XorDemo {
    private XorDemo() {}

    /** Trains for {@code steps} steps, printing progress to {@code out}; returns the final predictions (4, 1). */
    static Tensor run(int steps, PrintStream out) {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.fromArray(new float[] {0, 1, 1, 0}, 4, 1);
        Generator gen = new Generator(42);
        Tensor w1 = Tensor.uniform(gen, -1, 1, x.dtype(), 2, 4).requiresGrad(true);
        Tensor b1 = Tensor.zeros(4).requiresGrad(true);
        Tensor w2 = Tensor.uniform(gen, -1, 1, x.dtype(), 4, 1).requiresGrad(true);
        Tensor b2 = Tensor.zeros(1).requiresGrad(true);
        List<Tensor> params = List.of(w1, b1, w2, b2);
        double lr = 2.0;
        long start = System.nanoTime();
        Tensor prediction = null;
        for (int step = 0; step <= steps; step++) {
            prediction = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid(); // (4, 1)
            Tensor loss = prediction.sub(y).pow(2).mean();
            loss.backward();
            try (var _ = Grad.disabled()) {
                for (Tensor p : params) {
                    p.addInPlace(p.grad(), -lr);
                    p.zeroGrad();
                }
            }
            if (step % 500 == 0) {
                out.printf("step %4d  loss %.6f%n", step, loss.item());
            }
        }
        out.println("inputs:\n" + x);
        out.println("predictions:\n" + prediction.detach());
        out.printf("trained in %.0f ms%n", (System.nanoTime() - start) / 1e6);
        return prediction.detach();
    }
}

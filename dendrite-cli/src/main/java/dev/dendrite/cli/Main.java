// The dendrite command. Until the training CLI lands it runs one demo: a 2-2-1 sigmoid network learning XOR
// with nothing but tensors, autograd and a hand-written gradient-descent step (seed 001's backpropagation).
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "xor" : args[0];
        if (!command.equals("xor")) {
            System.err.println("dendrite: unknown command '" + command + "'. Available: xor");
            System.exit(2);
        }
        xor();
    }

    private static void xor() {
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
        for (int step = 0; step <= 3000; step++) {
            prediction = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
            Tensor loss = prediction.sub(y).pow(2).mean();
            loss.backward();
            try (var _ = Grad.disabled()) {
                for (Tensor p : params) {
                    p.addInPlace(p.grad(), -lr);
                    p.zeroGrad();
                }
            }
            if (step % 500 == 0) {
                System.out.printf("step %4d  loss %.6f%n", step, loss.item());
            }
        }
        System.out.println("inputs:\n" + x);
        System.out.println("predictions:\n" + prediction.detach());
        System.out.printf("trained in %.0f ms%n", (System.nanoTime() - start) / 1e6);
    }
}

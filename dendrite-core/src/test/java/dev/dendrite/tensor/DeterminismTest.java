// The same seed gives the same weights and, through threaded kernels, bit-identical results run after run.
package dev.dendrite.tensor;

import dev.dendrite.autograd.Grad;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class DeterminismTest {
    /** Gradient descent on w1 and w2; returns w1's final values. */
    private static float[] descend(Tensor w1, Tensor w2, int steps, double lr, BinaryOperator<Tensor> loss) {
        for (int step = 0; step < steps; step++) {
            loss.apply(w1, w2).backward();
            try (var _ = Grad.disabled()) {
                w1.addInPlace(w1.grad(), -lr);
                w2.addInPlace(w2.grad(), -lr);
            }
            w1.zeroGrad();
            w2.zeroGrad();
        }
        return w1.detach().toFloatArray();
    }

    /** A few steps of gradient descent on a 2-layer net large enough to use the thread pool. */
    private static float[] train(long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, 256, 300);
        Tensor y = Tensor.randn(g, 256, 10);
        Tensor w1 = Tensor.randn(g, 300, 200).mul(0.05).requiresGrad(true);
        Tensor w2 = Tensor.randn(g, 200, 10).mul(0.05).requiresGrad(true);
        return descend(w1, w2, 3, 0.1, (a, b) -> x.matmul(a).tanh().matmul(b).sub(y).pow(2).mean());
    }

    @Test
    void sameSeedGivesBitIdenticalTraining() {
        assertArrayEquals(train(3), train(3));
    }

    /**
     * Many small steps through every exponential-based activation and a softmax: the first run starts in the
     * interpreter and is compiled by the JIT as it goes, the second runs compiled code. Bit-identical results need
     * kernels that round the same in every execution mode (VectorMath; the Vector API's lanewise EXP did not).
     */
    private static float[] trainThroughActivations(long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, 32, 40);
        Tensor target = Tensor.randn(g, 32, 10).softmax(1);
        Tensor w1 = Tensor.randn(g, 40, 40).mul(0.2).requiresGrad(true);
        Tensor w2 = Tensor.randn(g, 40, 10).mul(0.2).requiresGrad(true);
        return descend(w1, w2, 400, 0.01, (a, b) -> {
            Tensor h = x.matmul(a);
            h = h.tanh().add(h.sigmoid()).add(h.gelu()).add(h.elu(1.0)).add(h.softplus()).add(h.exp().mul(0.01));
            return h.matmul(b).logSoftmax(1).mul(target).sum().neg();
        });
    }

    @Test
    void sameBitsWhileTheJitCompilesTheKernels() {
        assertArrayEquals(trainThroughActivations(5), trainThroughActivations(5));
    }
}

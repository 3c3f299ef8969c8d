// One step of a workload that BuildsAlternated times under two builds of Dendrite. Each build loads its own copy
// of this class, linked against that build's classes, so the same source runs against both.
package dev.dendrite.bench;

import dev.dendrite.models.AlexNet;
import dev.dendrite.models.LeNet5;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.ops.Padding;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

public final class Workload {
    private Workload() {}

    /**
     * The step the spec names: {@code conv:C_in,H,W,C_out,k,stride,pad} (conv2d forward + backward at batch 8, as
     * `dendrite bench conv`) or {@code train:mlp|lenet|alexnet-small} (an Adam training step at batch 128 on random
     * data, as `dendrite bench train`). Called reflectively (hence public static and a plain Runnable).
     */
    public static Runnable create(String spec) {
        String[] kindAndArgs = spec.split(":", 2);
        if (kindAndArgs.length == 2 && kindAndArgs[0].equals("conv")) {
            return conv(Arrays.stream(kindAndArgs[1].split(",")).mapToInt(Integer::parseInt).toArray());
        }
        if (kindAndArgs.length == 2 && kindAndArgs[0].equals("train")) {
            return train(kindAndArgs[1]);
        }
        throw new IllegalArgumentException("workload '" + spec + "': expected conv:C_in,H,W,C_out,k,stride,pad or"
                + " train:mlp|lenet|alexnet-small");
    }

    private static Runnable conv(int[] c) {
        if (c.length != 7) {
            throw new IllegalArgumentException("conv needs 7 numbers C_in,H,W,C_out,k,stride,pad, got " + c.length);
        }
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, 8, c[0], c[1], c[2]).requiresGrad(true);
        Tensor w = Tensor.randn(g, c[3], c[0], c[4], c[4]).mul(0.01).requiresGrad(true);
        Tensor b = Tensor.zeros(c[3]).requiresGrad(true);
        int[] stride = {c[5], c[5]};
        int[] dilation = {1, 1};
        Padding padding = Padding.of(c[6], c[6]);
        Tensor cot = Tensor.ones(F.conv2d(x.detach(), w.detach(), null, stride, padding, dilation, 1).dims());
        return () -> {
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
            F.conv2d(x, w, b, stride, padding, dilation, 1).backward(cot);
        };
    }

    private static Runnable train(String model) {
        Generator g = new Generator(0);
        Sequential net = switch (model) {
            case "mlp" -> new Sequential(new Flatten(), new Linear(784, 512, g), new ReLU(), new Linear(512, 256, g),
                    new ReLU(), new Linear(256, 10, g));
            case "lenet" -> LeNet5.create(1, 28, 28, 10, g);
            case "alexnet-small" -> AlexNet.small(1, 28, 28, 10, g);
            default -> throw new IllegalArgumentException("train:" + model + ": expected mlp, lenet or alexnet-small");
        };
        Adam opt = new Adam(net.parameters(), 1e-3);
        Tensor x = Tensor.randn(g, 128, 1, 28, 28);
        Tensor y = Tensor.uniform(g, 0, 10, DType.FLOAT32, 128).to(DType.INT64);
        return () -> {
            opt.zeroGrad();
            F.crossEntropy(net.forward(x), y).backward();
            opt.step();
        };
    }
}

// BatchNorm (training and evaluation, running statistics), LocalResponseNorm and adaptive pooling against
// PyTorch 1.13, Dropout2d's channel masks, and buffers travelling through checkpoints.
package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.dendrite.testing.TorchFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {
    private static void matches(String name, Function<Tensor, Tensor> fn, double rtol, double atol) {
        Tensor x = get(name + ".x").to(DType.FLOAT32).requiresGrad(true);
        Tensor out = fn.apply(x);
        assertTrue(out.to(DType.FLOAT64).allClose(get(name + ".out"), rtol, atol), name + " output: " + out);
        out.backward(get(name + ".cot").to(DType.FLOAT32));
        assertTrue(x.grad().to(DType.FLOAT64).allClose(get(name + ".gx"), rtol * 10, atol * 10), name + " gradient");
    }

    private static BatchNorm torchLikeBatchNorm() {
        BatchNorm bn = new BatchNorm(3);
        try (var _ = Grad.disabled()) {
            bn.namedParameters().get("weight").copyFrom(get("bn.weight"));
            bn.namedParameters().get("bias").copyFrom(get("bn.bias"));
        }
        return bn;
    }

    @Test
    void batchNormTrainingThenEvaluationMatchesPyTorch() {
        BatchNorm bn = torchLikeBatchNorm();
        matches("bnTrain", bn::forward, 1e-4, 1e-5);
        assertTrue(bn.runningMean().to(DType.FLOAT64).allClose(get("bn.running_mean"), 1e-5, 1e-6));
        assertTrue(bn.runningVar().to(DType.FLOAT64).allClose(get("bn.running_var"), 1e-5, 1e-6));
        bn.eval();
        matches("bnEval", bn::forward, 1e-4, 1e-5);
    }

    @Test
    void layerNormMatchesPyTorchOverOneAndTwoDims() {
        for (String name : java.util.List.of("ln", "ln2")) {
            Tensor w = get(name + ".weight");
            LayerNorm ln = new LayerNorm(w.dims(), 1e-5, true);
            try (var _ = Grad.disabled()) {
                ln.namedParameters().get("weight").copyFrom(w);
                ln.namedParameters().get("bias").copyFrom(get(name + ".bias"));
            }
            matches(name, ln::forward, 1e-4, 1e-5);
            assertTrue(ln.namedParameters().get("weight").grad().to(DType.FLOAT64).allClose(get(name + ".gw"), 1e-3, 1e-4));
            assertTrue(ln.namedParameters().get("bias").grad().to(DType.FLOAT64).allClose(get(name + ".gb"), 1e-3, 1e-4));
        }
        String mismatch = dev.dendrite.autograd.GradCheck.check(x -> F.layerNorm(x.get(0), 2, x.get(1), x.get(2), 1e-5),
                java.util.List.of(Tensor.randn(new Generator(2), 2, 3, 4).to(DType.FLOAT64),
                        Tensor.randn(new Generator(3), 3, 4).to(DType.FLOAT64),
                        Tensor.randn(new Generator(4), 3, 4).to(DType.FLOAT64)), 7);
        assertEquals(null, mismatch, mismatch);
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.dendrite.tensor.ShapeException.class,
                () -> new LayerNorm(5).forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("expected an input ending in [5]"), e.getMessage());
    }

    @Test
    void localResponseNormAndAdaptivePoolingMatchPyTorch() {
        matches("lrn", new LocalResponseNorm(3, 0.1, 0.75, 2.0)::forward, 1e-4, 1e-5);
        matches("adaptiveAvg", new AdaptiveAvgPool2d(3, 2)::forward, 1e-4, 1e-5);
        matches("adaptiveMax", new AdaptiveMaxPool2d(3, 2)::forward, 1e-4, 1e-5);
        Tensor x = Tensor.randn(new Generator(0), 2, 3, 4, 6);
        assertTrue(new AdaptiveAvgPool2d(1, 1).forward(x).reshape(2, 3).allClose(x.mean(new int[] {2, 3}, false), 1e-5, 1e-6));
        assertTrue(new AdaptiveMaxPool2d(1, 1).forward(x).reshape(2, 3).allClose(x.max(new int[] {2, 3}, false), 0, 0));
    }

    @Test
    void dropout2dDropsWholeChannels() {
        Dropout2d drop = new Dropout2d(0.5, new Generator(3));
        Tensor y = drop.forward(Tensor.ones(8, 16, 3, 3));
        Tensor perChannel = y.reshape(8, 16, 9);
        Tensor spread = perChannel.max(new int[] {2}, false).sub(perChannel.min(new int[] {2}, false));
        assertEquals(0.0, spread.abs().max().item(), "each channel is all kept or all dropped");
        double kept = perChannel.select(2, 0).gt(0).sum().item() / (8 * 16);
        assertEquals(0.5, kept, 0.15);
        drop.eval();
        assertEquals(1.0, drop.forward(Tensor.ones(1, 2, 2, 2)).min().item());
    }

    @Test
    void buffersAreSavedWithTheParameters() {
        BatchNorm bn = new BatchNorm(2);
        bn.forward(Tensor.randn(new Generator(1), 4, 2, 3, 3).mul(3).add(1));
        assertTrue(bn.stateDict().containsKey("running_mean") && bn.stateDict().containsKey("running_var"));
        assertEquals(4, bn.parameterCount(), "buffers are not parameters");
        BatchNorm copy = new BatchNorm(2);
        copy.loadState(bn.stateDict());
        assertTrue(copy.runningVar().allClose(bn.runningVar(), 0, 0));
    }
}

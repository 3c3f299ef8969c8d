// Losses against PyTorch 1.13 (values and gradients), in float64 and float32, including logits of +-1e30.
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.autograd.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.dendrite.testing.TorchFixtures.get;
import static dev.dendrite.testing.TorchFixtures.longs;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossesTest {
    /** Runs fn on the fixture input in both precisions and compares the output and gradient with PyTorch's. */
    private static void matchesTorch(String name, String input, Function<Tensor, Tensor> fn) {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double rtol = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
            double atol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            Tensor x = get(input).to(dtype).requiresGrad(true);
            Tensor out = fn.apply(x);
            out.backward(Tensor.ones(dtype, out.dims()));
            Tensor expectedOut = get(name + ".out");
            Tensor expectedGrad = get(name + ".grad0");
            assertTrue(out.to(DType.FLOAT64).allClose(expectedOut, rtol, atol), name + " " + dtype + ": " + out + " vs " + expectedOut);
            assertTrue(x.grad().to(DType.FLOAT64).allClose(expectedGrad, rtol * 10, atol * 10),
                    name + " " + dtype + " gradient: " + x.grad() + " vs " + expectedGrad);
        }
    }

    private static Tensor like(String name, Tensor x) {
        return get(name).to(x.dtype());
    }

    @Test
    void regressionLosses() {
        matchesTorch("mse", "x", x -> F.mseLoss(x, like("y", x), Reduction.MEAN));
        matchesTorch("l1", "x", x -> F.l1Loss(x, like("y", x), Reduction.MEAN));
    }

    @Test
    void binaryCrossEntropy() {
        matchesTorch("bce", "p", p -> F.binaryCrossEntropy(p, like("t01", p), Reduction.MEAN));
        matchesTorch("bceLogits", "x", x -> F.binaryCrossEntropyWithLogits(x, like("t01", x), Reduction.MEAN));
        matchesTorch("bceLogitsHuge", "huge", x -> F.binaryCrossEntropyWithLogits(x, like("t01", x).narrow(0, 0, 1), Reduction.MEAN));
    }

    @Test
    void crossEntropyVariants() {
        ClassLossOptions o = ClassLossOptions.DEFAULTS;
        Tensor t = longs("target");
        matchesTorch("ce", "logits", x -> F.crossEntropy(x, t));
        matchesTorch("ceWeighted", "logits", x -> F.crossEntropy(x, t, o.withWeight(like("weight", x))));
        matchesTorch("ceIgnore", "logits", x -> F.crossEntropy(x, longs("targetIgnore")));
        matchesTorch("ceSmooth", "logits", x -> F.crossEntropy(x, t, o.withLabelSmoothing(0.1)));
        matchesTorch("ceSmoothWeighted", "logits", x -> F.crossEntropy(x, t, o.withWeight(like("weight", x)).withLabelSmoothing(0.2)));
        matchesTorch("ceSum", "logits", x -> F.crossEntropy(x, t, o.withReduction(Reduction.SUM)));
        matchesTorch("ceNone", "logits", x -> F.crossEntropy(x, t, o.withReduction(Reduction.NONE)));
        matchesTorch("ceHuge", "huge", x -> F.crossEntropy(x, Tensor.fromArray(new long[] {0})));
        matchesTorch("ceSpatial", "logits3", x -> F.crossEntropy(x, longs("target3")));
        matchesTorch("nll", "logits", x -> F.nllLoss(x.logSoftmax(1), t, o.withWeight(like("weight", x))));
    }

    @Test
    void lossGradientsPassTheFiniteDifferenceCheck() {
        Tensor t = longs("target");
        Tensor y01 = get("t01");
        assertNull(GradCheck.check(x -> F.crossEntropy(x.get(0), t, ClassLossOptions.DEFAULTS.withLabelSmoothing(0.3)),
                List.of(get("logits")), 1));
        assertNull(GradCheck.check(x -> F.binaryCrossEntropyWithLogits(x.get(0), x.get(1), Reduction.SUM),
                List.of(get("x"), y01), 2));
        Tensor target = get("t01");
        assertNull(GradCheck.check(x -> F.binaryCrossEntropy(x.get(0), target, Reduction.MEAN), List.of(get("p")), 3));
        assertNull(GradCheck.check(x -> F.halfSquaredError(x.get(0), x.get(1), Reduction.SUM), List.of(get("x"), get("y")), 4));
    }

    @Test
    void halfSquaredErrorIsTheSeedsForm() {
        Tensor y = Tensor.fromArray(new double[] {1, 2});
        Tensor t = Tensor.fromArray(new double[] {0, 4});
        assertTrue(F.halfSquaredError(y, t, Reduction.SUM).allClose(Tensor.scalar(2.5, DType.FLOAT64), 0, 1e-12));
    }

    @Test
    void maskedCrossEntropyAveragesOverRealStepsOnly() {
        Tensor logits = Tensor.randn(new dev.dendrite.tensor.Generator(3), 2, 4, 5).to(DType.FLOAT64).requiresGrad(true);
        Tensor target = Tensor.fromArray(new long[] {1, 0, 4, 2, 3, 3, 9, 9}, 2, 4); // 9s sit in padding
        Tensor loss = F.maskedCrossEntropy(logits, target, new int[] {4, 2});
        Tensor real = Tensor.cat(List.of(logits.select(0, 0), logits.select(0, 1).narrow(0, 0, 2)), 0); // 6 steps
        Tensor expected = F.crossEntropy(real, Tensor.fromArray(new long[] {1, 0, 4, 2, 3, 3}));
        assertTrue(loss.allClose(expected, 1e-12, 1e-12), loss + " vs " + expected);
        loss.backward();
        assertTrue(logits.grad().select(0, 1).narrow(0, 2, 2).abs().sum().item() == 0, "padding gets no gradient");
        var negative = org.junit.jupiter.api.Assertions.assertThrows(dev.dendrite.tensor.ShapeException.class,
                () -> F.maskedCrossEntropy(logits, Tensor.fromArray(new long[] {1, -1, 0, 0, 0, 0, 0, 0}, 2, 4), null));
        assertTrue(negative.getMessage().contains("target -1 at step 1 of sequence 0"), negative.getMessage());
    }
}

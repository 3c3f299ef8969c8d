// Each optimizer's first five steps against PyTorch 1.13 on the same problem, in float64 and float32;
// gradient clipping against clip_grad_norm_; schedules; the perceptron rule on AND, OR and XOR.
package dev.dendrite.optim;

import dev.dendrite.nn.Linear;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.dendrite.testing.TorchFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizersTest {
    private static void matchesTorch(String name, Function<List<Tensor>, Optimizer> make) {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double rtol = dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
            double atol = dtype == DType.FLOAT64 ? 1e-11 : 1e-5;
            Tensor x = get("opt.x").to(dtype);
            Tensor y = get("opt.y").to(dtype);
            Tensor w = get("opt.w0").to(dtype).requiresGrad(true);
            Tensor b = get("opt.b0").to(dtype).requiresGrad(true);
            Optimizer opt = make.apply(List.of(w, b));
            for (int step = 0; step < 5; step++) {
                opt.zeroGrad();
                Tensor residual = x.matmul(w).add(b).sub(y);
                residual.pow(2).mean().add(w.pow(3).sum().mul(0.1)).backward();
                opt.step();
                Tensor ew = get("opt." + name + "." + step + ".w");
                Tensor eb = get("opt." + name + "." + step + ".b");
                assertTrue(w.to(DType.FLOAT64).allClose(ew, rtol, atol), name + " " + dtype + " step " + step + " w: " + w + " vs " + ew);
                assertTrue(b.to(DType.FLOAT64).allClose(eb, rtol, atol), name + " " + dtype + " step " + step + " b: " + b + " vs " + eb);
            }
        }
    }

    @Test
    void sgdVariants() {
        matchesTorch("sgd", ps -> new Sgd(ps, 0.1));
        matchesTorch("sgdMomentum", ps -> new Sgd(ParamGroup.all(ps), Sgd.Options.DEFAULTS.withLr(0.05).withMomentum(0.9).withDampening(0.1).withWeightDecay(0.01)));
        matchesTorch("sgdNesterov", ps -> new Sgd(ParamGroup.all(ps), Sgd.Options.DEFAULTS.withLr(0.05).withMomentum(0.9).withNesterov(true)));
    }

    @Test
    void adaptiveMethods() {
        matchesTorch("rmsprop", ps -> new RmsProp(ps, 0.01));
        matchesTorch("rmspropCentered", ps -> new RmsProp(ParamGroup.all(ps), RmsProp.Options.DEFAULTS.withAlpha(0.9).withWeightDecay(0.1).withMomentum(0.5).withCentered(true)));
        matchesTorch("adagrad", ps -> new Adagrad(ParamGroup.all(ps), Adagrad.Options.DEFAULTS.withLr(0.1).withLrDecay(0.01).withWeightDecay(0.05)));
        matchesTorch("adadelta", ps -> new Adadelta(ParamGroup.all(ps), Adadelta.Options.DEFAULTS.withWeightDecay(0.01)));
        matchesTorch("adam", ps -> new Adam(ps, 0.01));
        matchesTorch("adamWeightDecay", ps -> new Adam(ParamGroup.all(ps), Adam.Options.DEFAULTS.withLr(0.02).withBetas(0.8, 0.95).withWeightDecay(0.1)));
        matchesTorch("adamAmsgrad", ps -> new Adam(ParamGroup.all(ps), Adam.Options.DEFAULTS.withLr(0.02).withAmsgrad(true)));
        matchesTorch("adamw", ps -> new AdamW(ParamGroup.all(ps), AdamW.DEFAULTS.withLr(0.02).withWeightDecay(0.1)));
    }

    @Test
    void exponentiallyWeightedMomentumFollowsTheSeedsFormula() {
        Tensor p = Tensor.fromArray(new double[] {1}).requiresGrad(true);
        Sgd opt = Sgd.exponentialAverage(List.of(p), 0.5, 0.9);
        double v = 0;
        double expected = 1;
        for (int i = 0; i < 4; i++) {
            opt.zeroGrad();
            p.mul(p).sum().backward(); // g = 2 p
            double g = 2 * expected;
            v = 0.9 * v + 0.1 * g;
            expected -= 0.5 * v;
            opt.step();
            assertEquals(expected, p.item(), 1e-12);
        }
    }

    @Test
    void clipGradNormMatchesTorch() {
        Tensor w = get("opt.w0").requiresGrad(true);
        Tensor b = get("opt.b0").requiresGrad(true);
        w.setGrad(get("clip.gw"));
        b.setGrad(get("clip.gb"));
        double total = GradClip.clipGradNorm(List.of(w, b), 0.5);
        assertEquals(get("clip.total").item(), total, 1e-12);
        assertTrue(w.grad().allClose(get("clip.w"), 1e-10, 1e-12));
        assertTrue(b.grad().allClose(get("clip.b"), 1e-10, 1e-12));
        w.setGrad(Tensor.full(Double.NaN, DType.FLOAT64, w.dims()));
        assertThrows(dev.dendrite.tensor.DendriteException.class, () -> GradClip.clipGradNorm(List.of(w), 1));
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(w), 1, false)));
        w.setGrad(Tensor.fromArray(new double[] {-3, 0.5, 2, -0.1, 9, 1}, 3, 2));
        GradClip.clipGradValue(List.of(w), 1);
        assertTrue(w.grad().allClose(Tensor.fromArray(new double[] {-1, 0.5, 1, -0.1, 1, 1}, 3, 2), 0, 0));
    }

    @Test
    void schedules() {
        assertEquals(0.1 * 0.5 * 0.5, LrSchedule.step(0.1, 3, 0.5).lr(7), 1e-15);
        assertEquals(0.1 * Math.pow(0.9, 4), LrSchedule.exponential(0.1, 0.9).lr(4), 1e-15);
        LrSchedule cos = LrSchedule.cosine(1.0, 10, 0.1);
        assertEquals(1.0, cos.lr(0), 1e-15);
        assertEquals(0.55, cos.lr(5), 1e-12);
        assertEquals(0.1, cos.lr(10), 1e-15);
        LrSchedule noam = LrSchedule.linearWarmup(4, LrSchedule.inverseSqrt(2.0, 4));
        assertEquals(2.0 / 4, noam.lr(0), 1e-15);
        assertEquals(2.0, noam.lr(3), 1e-15);
        assertEquals(2.0 * Math.sqrt(4 / 16.0), noam.lr(15), 1e-15);
        LrSchedule warm = LrSchedule.linearWarmup(4, LrSchedule.exponential(1.0, 1.0));
        assertEquals(0.25, warm.lr(0), 1e-15);
        assertEquals(1.0, warm.lr(3), 1e-15);
        assertEquals(1.0, warm.lr(9), 1e-15);
    }

    @Test
    void perceptronLearnsAndAndOrButNotXor() {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        float[][] truth = {{0, 0, 0, 1}, {0, 1, 1, 1}, {0, 1, 1, 0}};
        int[] epochs = new int[3];
        for (int f = 0; f < 3; f++) {
            Linear perceptron = new Linear(2, 1, new Generator(1));
            Tensor t = Tensor.fromArray(truth[f]);
            epochs[f] = PerceptronRule.train(perceptron, x, t, 0.1, 100);
            if (epochs[f] > 0) {
                assertTrue(perceptron.forward(x).step().reshape(4).allClose(t, 0, 0));
            }
        }
        assertTrue(epochs[0] > 0, "AND not learned");
        assertTrue(epochs[1] > 0, "OR not learned");
        assertEquals(-1, epochs[2], "XOR is not linearly separable");
    }

    @Test
    void parameterGroupsHaveTheirOwnWeightDecayAndRateAndFollowTheSchedule() {
        Tensor w = get("opt.w0").requiresGrad(true);
        Tensor b = get("opt.b0").requiresGrad(true);
        Tensor w1 = get("opt.w0").requiresGrad(true);
        Tensor b1 = get("opt.b0").requiresGrad(true);
        AdamW grouped = new AdamW(ParamGroup.noDecayOnBiasesAndNorms(java.util.Map.of("w", w, "b", b)),
                AdamW.DEFAULTS.withLr(0.02).withWeightDecay(0.1));
        AdamW decayed = new AdamW(ParamGroup.all(List.of(w1)), AdamW.DEFAULTS.withLr(0.02).withWeightDecay(0.1));
        AdamW plain = new AdamW(ParamGroup.all(List.of(b1)), AdamW.DEFAULTS.withLr(0.02).withWeightDecay(0));
        for (int step = 0; step < 3; step++) {
            for (Tensor[] pair : new Tensor[][] {{w, b}, {w1, b1}}) {
                pair[0].zeroGrad();
                pair[1].zeroGrad();
                get("opt.x").matmul(pair[0]).add(pair[1]).pow(2).mean().backward();
            }
            grouped.step();
            decayed.step();
            plain.step();
        }
        assertTrue(w.allClose(w1, 0, 0) && b.allClose(b1, 0, 0), "groups differ from separate optimizers");

        Tensor p = Tensor.fromArray(new double[] {1}).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(ParamGroup.of(List.of(p)).withLr(0.05)), Sgd.Options.DEFAULTS.withLr(0.1));
        p.setGrad(Tensor.fromArray(new double[] {1}));
        sgd.step();
        assertEquals(1 - 0.05, p.item(), 1e-15);
        sgd.setLr(0.05); // a schedule halves the rate: the group's halves too
        sgd.step();
        assertEquals(1 - 0.05 - 0.025, p.item(), 1e-15);
    }

    /** Five steps on a sparse Embedding against torch's SGD and SparseAdam; the dense gradient gives SGD the same. */
    @Test
    void sparseEmbeddingGradientsMatchTorch() {
        for (boolean sparse : List.of(true, false)) {
            for (String name : List.of("sgd", "adam")) {
                if (name.equals("adam") && !sparse) {
                    continue; // dense Adam is not lazy: its moments decay on every row
                }
                dev.dendrite.nn.Embedding emb = new dev.dendrite.nn.Embedding(6, 3, 0, 0, sparse, new Generator(1));
                emb.weight().setData(get("sparse.table0").to(DType.FLOAT32));
                Optimizer opt = name.equals("sgd") ? new Sgd(emb.parameters(), 0.1) : new Adam(emb.parameters(), 0.1);
                Tensor ids = get("sparse.ids").to(DType.INT64);
                Tensor targets = get("sparse.targets").to(DType.FLOAT32);
                for (int step = 0; step < 5; step++) {
                    opt.zeroGrad();
                    emb.forward(ids.select(0, step)).sub(targets.select(0, step)).pow(2).sum().backward();
                    assertEquals(sparse, emb.weight().sparseGrad() != null);
                    opt.step();
                    Tensor expected = get("sparse." + name + "." + step);
                    assertTrue(emb.weight().to(DType.FLOAT64).allClose(expected, 1e-4, 1e-5),
                            name + (sparse ? " sparse" : " dense") + " step " + step + ": " + emb.weight() + " vs " + expected);
                }
            }
        }
    }

    @Test
    void sparseGradientsAreRefusedWhereTheRuleWouldTouchEveryRow() {
        dev.dendrite.nn.Embedding emb = new dev.dendrite.nn.Embedding(4, 2, -1, 0, true, new Generator(1));
        for (Optimizer opt : List.of(new RmsProp(emb.parameters(), 0.1),
                new Sgd(ParamGroup.all(emb.parameters()), Sgd.Options.DEFAULTS.withMomentum(0.9)),
                new AdamW(emb.parameters(), 0.1))) {
            opt.zeroGrad();
            emb.forward(Tensor.fromArray(new long[] {1, 3}, 2)).sum().backward();
            var e = assertThrows(dev.dendrite.tensor.DendriteException.class, opt::step);
            assertTrue(e.getMessage().contains("row-sparse"), e.getMessage());
        }
    }

    @Test
    void clippingScalesASparseGradientAsItsDenseTwin() {
        List<Tensor> norms = new java.util.ArrayList<>();
        for (boolean sparse : List.of(true, false)) {
            dev.dendrite.nn.Embedding emb = new dev.dendrite.nn.Embedding(5, 2, -1, 0, sparse, new Generator(3));
            emb.forward(Tensor.fromArray(new long[] {1, 3, 1}, 3)).pow(2).sum().backward();
            double total = GradClip.clipGradNorm(emb.parameters(), 0.5);
            norms.add(Tensor.scalar(total, DType.FLOAT64));
            norms.add(emb.weight().grad());
        }
        assertEquals(norms.get(2).item(), norms.get(0).item(), 1e-5);
        assertTrue(norms.get(1).allClose(norms.get(3), 1e-5, 1e-6));
    }
}

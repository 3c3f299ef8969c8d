// The module tree (paths, sharing, modes, summary), layer behaviour and initialisation.
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.autograd.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModulesTest {
    private static Sequential mlp(Generator g) {
        return new Sequential(new Flatten(), new Linear(12, 8, g), new ReLU(), new Dropout(0.5, g), new Linear(8, 3, g));
    }

    @Test
    void parametersAreNamedByTheirPath() {
        Sequential model = mlp(new Generator(0));
        assertEquals(List.of("1.weight", "1.bias", "4.weight", "4.bias"), List.copyOf(model.namedParameters().keySet()));
        assertEquals(12 * 8 + 8 + 8 * 3 + 3, model.parameterCount());
        Sequential outer = new Sequential(model, new Softmax(-1));
        assertEquals("0.1.weight", outer.namedParameters().keySet().iterator().next());
        assertEquals("0.4", model.layers().get(4).path());
    }

    @Test
    void reusingAModuleSharesItsWeights() {
        Generator g = new Generator(1);
        Linear shared = new Linear(4, 4, g);
        Sequential model = new Sequential(shared, new Tanh(), shared);
        assertEquals(2, model.parameters().size());
        Tensor x = Tensor.randn(g, 2, 4);
        model.forward(x).sum().backward();
        // The gradient is the sum over both uses: compare against a manual two-use computation.
        Tensor w = shared.weight().detach().requiresGrad(true);
        Tensor b = shared.bias().detach().requiresGrad(true);
        F.linear(F.linear(x, w, b).tanh(), w, b).sum().backward();
        assertTrue(shared.weight().grad().allClose(w.grad(), 1e-5, 1e-6));
    }

    @Test
    void sameSeedSameWeights() {
        Sequential a = mlp(new Generator(42));
        Sequential b = mlp(new Generator(42));
        Sequential c = mlp(new Generator(43));
        a.namedParameters().forEach((name, p) -> assertTrue(p.allClose(b.namedParameters().get(name), 0, 0), name));
        assertNotEquals(a.namedParameters().get("1.weight").get(0, 0), c.namedParameters().get("1.weight").get(0, 0));
    }

    @Test
    void linearUsesPyTorchsDefaultInitRange() {
        Linear layer = new Linear(100, 50, new Generator(3));
        double bound = 1 / Math.sqrt(100);
        assertTrue(layer.weight().abs().max().item() <= bound);
        assertTrue(layer.weight().abs().max().item() > 0.9 * bound);
        assertTrue(layer.bias().abs().max().item() <= bound);
    }

    @Test
    void dropoutActsOnlyInTraining() {
        Generator g = new Generator(5);
        Dropout dropout = new Dropout(0.25, g);
        Tensor x = Tensor.ones(10_000);
        Tensor y = dropout.forward(x);
        double kept = y.gt(0).sum().item() / 10_000;
        assertEquals(0.75, kept, 0.02);
        assertEquals(1 / 0.75, y.max().item(), 1e-6);
        Tensor next = dropout.forward(x);
        assertEquals(0.75, next.gt(0).sum().item() / 10_000, 0.02);
        double agree = y.gt(0).eq(next.gt(0)).sum().item() / 10_000;
        assertEquals(0.625, agree, 0.02, "successive calls draw independent masks (agreement 0.75^2 + 0.25^2)");
        Tensor x2 = Tensor.ones(2, 5000);
        assertTrue(new Dropout(0.25, new Generator(5)).forward(x2).reshape(10_000).allClose(y, 0, 0),
                "the same seed drops the same elements");
        dropout.eval();
        assertSame(x, dropout.forward(x));
    }

    @Test
    void evalAndTrainReachEveryDescendant() {
        Sequential model = mlp(new Generator(0));
        Sequential outer = new Sequential(model);
        outer.eval();
        assertTrue(model.layers().stream().noneMatch(Module::isTraining));
        outer.train();
        assertTrue(model.layers().stream().allMatch(Module::isTraining));
    }

    @Test
    void activationModules() {
        Tensor x = Tensor.fromArray(new float[] {-2, -0.5f, 0.5f, 2});
        assertTrue(new Step().forward(x).allClose(Tensor.fromArray(new float[] {0, 0, 1, 1}), 0, 0));
        assertTrue(new LeakyReLU(0.1).forward(x).allClose(Tensor.fromArray(new float[] {-0.2f, -0.05f, 0.5f, 2}), 1e-6, 0));
        assertTrue(new ELU().forward(x).allClose(x.elu(1), 0, 0));
        assertTrue(new PReLU().forward(x).allClose(x.leakyRelu(0.25), 1e-6, 0));
        RReLU rrelu = new RReLU(new Generator(2));
        Tensor trained = rrelu.forward(x);
        double slope = trained.get(0) / -2;
        assertTrue(slope >= 1.0 / 8 && slope <= 1.0 / 3, "slope " + slope);
        rrelu.eval();
        assertTrue(rrelu.forward(x).allClose(x.leakyRelu((1.0 / 8 + 1.0 / 3) / 2), 1e-6, 0));
    }

    @Test
    void prelusLearnedSlopesGetGradients() {
        PReLU prelu = new PReLU(3, 0.25);
        Tensor x = Tensor.randn(new Generator(1), 2, 3, 4).to(DType.FLOAT64);
        assertNull(GradCheck.check(in -> {
            Tensor positive = in.get(0).relu();
            return positive.add(in.get(1).reshape(3, 1).mul(in.get(0).sub(positive)));
        }, List.of(x, Tensor.fromArray(new double[] {0.1, 0.25, -0.3})), 9));
        prelu.forward(x.to(DType.FLOAT32)).sum().backward();
        assertEquals(3, prelu.weight().grad().numel());
        ShapeException e = assertThrows(ShapeException.class, () -> prelu.forward(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("PReLU") && e.getMessage().contains("(2, 5)"), e.getMessage());
    }

    @Test
    void maxoutTakesTheBestPiece() {
        Maxout maxout = new Maxout(3, 2, 4, new Generator(0));
        Tensor x = Tensor.randn(new Generator(1), 5, 3);
        Tensor y = maxout.forward(x);
        assertEquals(dev.dendrite.tensor.Shape.of(5, 2), y.shape());
        Linear inner = (Linear) maxout.children().get("linear");
        Tensor pieces = inner.forward(x).reshape(5, 2, 4);
        assertTrue(y.allClose(pieces.max(new int[] {2}, false), 0, 0));
        y.sum().backward();
        // Only the winning piece of each (sample, unit) receives gradient: row j*4+i of the inner weight.
        long[] winners = pieces.argmax(2, false).toLongArray(); // (5, 2)
        boolean[] won = new boolean[8];
        for (int n = 0; n < 5; n++) {
            for (int j = 0; j < 2; j++) {
                won[j * 4 + (int) winners[n * 2 + j]] = true;
            }
        }
        Tensor rowHasGradient = inner.weight().grad().abs().sum(1).gt(0);
        for (int r = 0; r < 8; r++) {
            assertEquals(won[r] ? 1.0 : 0.0, rowHasGradient.get(r), "piece row " + r);
        }
    }

    @Test
    void wrongInputNamesTheLayerPathAndShapes() {
        Sequential model = mlp(new Generator(0));
        ShapeException e = assertThrows(ShapeException.class, () -> model.forward(Tensor.zeros(2, 13)));
        assertEquals("1 (Linear): expected input (..., 12), got (2, 13)", e.getMessage());
    }

    @Test
    void summaryListsEveryLayerWithShapeAndParameters() {
        String s = Summary.of(mlp(new Generator(0)), 5, 3, 4);
        assertTrue(s.contains("Linear(12, 8, bias=true)") && s.contains("(5, 8)") && s.contains("104"), s);
        assertTrue(s.contains("(5, 3)") && s.contains("total parameters: 131"), s);
    }

    @Test
    void initialisersHaveTheDocumentedSpread() {
        Generator g = new Generator(7);
        Tensor w = Tensor.zeros(DType.FLOAT64, 400, 300);
        Init.xavierUniform(w, 1, g);
        assertEquals(Math.sqrt(2.0 / 700), w.std(new int[] {0, 1}, false).item(), 0.002);
        Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, "relu", g);
        assertEquals(Math.sqrt(2.0 / 300), w.std(new int[] {0, 1}, false).item(), 0.002);
        Init.kaimingUniform(w, 0, Init.FanMode.FAN_OUT, "relu", g);
        assertTrue(w.abs().max().item() <= Math.sqrt(2.0) * Math.sqrt(3.0 / 400));
        Init.xavierNormal(w, Init.gain("tanh", 0), g);
        assertEquals(5.0 / 3 * Math.sqrt(2.0 / 700), w.std(new int[] {0, 1}, false).item(), 0.003);
    }

    @Test
    void moduleListNamesItsChildrenByIndexUnderItsOwner() {
        Generator g = new Generator(0);
        class Owner extends Module {
            Owner(ModuleList<Linear> blocks) {
                registerModule("blocks", blocks);
            }
        }
        Owner owner = new Owner(new ModuleList<>(new Linear(2, 3, g), new Linear(3, 1, g)));
        assertEquals(java.util.List.of("blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias"),
                java.util.List.copyOf(owner.namedParameters().keySet()));
        ModuleList<?> blocks = (ModuleList<?>) owner.children().get("blocks");
        assertEquals("blocks.1", blocks.get(1).path());
        assertThrows(IndexOutOfBoundsException.class, () -> blocks.get(2));
    }

    @Test
    void aNonStrictLoadReportsMissingAndUnexpectedKeysAndCopiesTheRest() {
        Linear a = new Linear(2, 3, new Generator(1));
        Linear b = new Linear(2, 3, new Generator(2));
        java.util.Map<String, Tensor> values = new java.util.LinkedHashMap<>();
        values.put("weight", a.namedParameters().get("weight"));
        values.put("head.weight", Tensor.zeros(1));
        Module.LoadReport report = b.loadState(values, false);
        assertEquals(java.util.List.of("bias"), report.missing());
        assertEquals(java.util.List.of("head.weight"), report.unexpected());
        assertArrayEquals(a.namedParameters().get("weight").toFloatArray(), b.namedParameters().get("weight").toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> b.loadState(values));
    }

    @Test
    void toFloat64ConvertsParametersInPlaceSoAWholeModelCanBeGradientChecked() {
        Generator g = new Generator(4);
        Sequential model = new Sequential(new Linear(3, 5, g), new Tanh(), new Linear(5, 2, g));
        Tensor weight = model.namedParameters().get("0.weight");
        float[] before = weight.toFloatArray();
        assertSame(model, model.to(DType.FLOAT64));
        assertSame(weight, model.namedParameters().get("0.weight"), "the same tensor object, converted");
        assertEquals(DType.FLOAT64, weight.dtype());
        assertTrue(weight.requiresGrad());
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], weight.get(i / 3, i % 3), 0);
        }
        Tensor x = Tensor.randn(new Generator(5), 4, 3).to(DType.FLOAT64);
        assertNull(GradCheck.check(in -> model.forward(in.get(0)), List.of(x), 6));
        BatchNorm norm = new BatchNorm(3);
        norm.to(DType.FLOAT64);
        norm.stateDict().forEach((k, v) -> assertEquals(v.dtype().isFloating() ? DType.FLOAT64 : DType.INT64,
                v.dtype(), k));
        assertThrows(dev.dendrite.tensor.DTypeException.class, () -> model.to(DType.INT64));
    }
}

// The engine: accumulation, weight sharing, no-grad scopes, detach, retained graphs, saved-tensor checks,
// in-place rules, non-scalar backward, gradients through dtype conversion, and handed-over gradients.
package dev.dendrite.autograd;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.DTypeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradTest {
    private static Tensor leaf(double... values) {
        return Tensor.fromArray(values).requiresGrad(true);
    }

    @Test
    void chainRuleOnAWorkedExample() {
        // y = sum(x^2 * w + w), dy/dx = 2 x w, dy/dw = x^2 + 1
        Tensor x = leaf(1, 2, 3);
        Tensor w = leaf(0.5, -1, 2);
        x.pow(2).mul(w).add(w).sum().backward();
        assertArrayEquals(new double[] {1, -4, 12}, x.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {2, 5, 10}, w.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor x = leaf(1, 2);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
    }

    @Test
    void reusingATensorAddsItsGradients() {
        // Weight sharing: the same w used twice gets the sum of both paths' gradients.
        Tensor w = leaf(2);
        Tensor a = Tensor.fromArray(new double[] {3});
        Tensor b = Tensor.fromArray(new double[] {5});
        a.mul(w).add(b.mul(w)).sum().backward();
        assertEquals(8.0, w.grad().item());
        Tensor v = leaf(3);
        v.mul(v).sum().backward();
        assertEquals(6.0, v.grad().item());
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheMode() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var _ = Grad.disabled()) {
            y = x.mul(2);
            try (var _ = Grad.enabled()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(Grad.isEnabled());
        }
        assertTrue(Grad.isEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = leaf(1, 2);
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        Tensor y = x.mul(d).sum();
        y.backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray());
    }

    @Test
    void backwardTwiceNeedsRetainGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp().sum();
        y.backward();
        AutogradException e = assertThrows(AutogradException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());

        Tensor z = x.exp().sum();
        x.zeroGrad();
        z.backward(Tensor.scalar(1, DType.FLOAT64), true);
        z.backward(Tensor.scalar(1, DType.FLOAT64), true);
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void modifyingASavedTensorInPlaceIsCaught() {
        Tensor x = leaf(1, 2);
        Tensor w = Tensor.fromArray(new double[] {3, 4});
        Tensor y = x.mul(w).sum();
        w.addInPlace(Tensor.fromArray(new double[] {1, 1}), 1);
        AutogradException e = assertThrows(AutogradException.class, y::backward);
        assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
    }

    @Test
    void inPlaceOnATensorThatRequiresGradNeedsNoGradScope() {
        Tensor w = leaf(1, 2);
        assertThrows(AutogradException.class, () -> w.mulInPlace(2));
        try (var _ = Grad.disabled()) {
            w.mulInPlace(2);
        }
        assertArrayEquals(new double[] {2, 4}, w.toDoubleArray());
    }

    @Test
    void nonScalarBackwardNeedsAnExplicitGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3);
        assertThrows(AutogradException.class, y::backward);
        y.backward(Tensor.fromArray(new double[] {1, 10}));
        assertArrayEquals(new double[] {3, 30}, x.grad().toDoubleArray());
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2).retainGrad();
        h.mul(h).sum().backward();
        assertArrayEquals(new double[] {4, 8}, h.grad().toDoubleArray());
        assertArrayEquals(new double[] {8, 16}, x.grad().toDoubleArray());
    }

    @Test
    void gradientFlowsThroughDtypeConversion() {
        Tensor x = leaf(1.5, -2);
        x.to(DType.FLOAT32).mul(4).to(DType.FLOAT64).sum().backward();
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertArrayEquals(new double[] {4, 4}, x.grad().toDoubleArray());
    }

    @Test
    void onlyFloatingTensorsCanRequireGrad() {
        assertThrows(DTypeException.class, () -> Tensor.arange(3).requiresGrad(true));
    }

    @Test
    void gradientsThroughViewsLandInTheRightPlaces() {
        Tensor x = Tensor.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3).requiresGrad(true);
        x.t().narrow(0, 1, 2).mul(Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2)).sum().backward();
        // x^T rows 1..2 are x columns 1..2: weights [[1, 2], [3, 4]] map to x[0,1]=1, x[1,1]=2, x[0,2]=3, x[1,2]=4
        assertArrayEquals(new double[] {0, 1, 3, 0, 2, 4}, x.grad().toDoubleArray());
    }

    @Test
    void aCustomOpWhoseBackwardIsWrongIsNamedWithWhatWasExpected() {
        Tensor a = Tensor.randn(new dev.dendrite.tensor.Generator(1), 3, 4).requiresGrad(true);
        Tensor b = Tensor.randn(new dev.dendrite.tensor.Generator(2), 3, 4).requiresGrad(true);
        Tensor tooFew = Autograd.record("myAdd", a.detach().add(b.detach()), new Tensor[] {a, b}, g -> new Tensor[] {g});
        AutogradException count = assertThrows(AutogradException.class, () -> tooFew.sum().backward());
        assertTrue(count.getMessage().startsWith("myAdd backward: returned 1 gradients for its 2 inputs"),
                count.getMessage());
        Tensor wrongShape = Autograd.record("myTranspose", a.detach().t(), new Tensor[] {a}, g -> new Tensor[] {g});
        dev.dendrite.tensor.ShapeException shape = assertThrows(dev.dendrite.tensor.ShapeException.class,
                () -> wrongShape.sum().backward());
        assertTrue(shape.getMessage().startsWith("myTranspose backward: a gradient of shape (4, 3) for an input of shape"
                + " (3, 4)"), shape.getMessage());
    }

    @Test
    void layersChainEvalAndFlattenTakesAStartDim() {
        dev.dendrite.nn.Sequential net = new dev.dendrite.nn.Sequential(new dev.dendrite.nn.Flatten(),
                new dev.dendrite.nn.Linear(6, 2, new dev.dendrite.tensor.Generator(0)));
        Tensor x = Tensor.zeros(5, 2, 3);
        assertEquals(dev.dendrite.tensor.Shape.of(5, 2), net.eval().forward(x).shape());
        assertFalse(net.isTraining());
        assertEquals(dev.dendrite.tensor.Shape.of(5, 6), x.flatten(1).shape());
    }

    /** An op y = 2 x whose backward allocates its gradient and hands it over. */
    private static Tensor doubledHandingOver(Tensor x) {
        Tensor y = x.detach().mul(2);
        return Autograd.record("doubled", y, new Tensor[] {x}, g -> new Tensor[] {Autograd.handOver(g.mul(2))});
    }

    @Test
    void aHandedOverGradientIsKeptByOneLeafAndCopiedForTheOthers() {
        // add's backward passes the handed-over gradient to both leaves: one may keep it, the other must not share it
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        doubledHandingOver(a.add(b)).sum().backward();
        assertArrayEquals(new double[] {2, 2}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray(), 0);
        assertFalse(a.grad() == b.grad(), "two leaves share one gradient tensor");
        a.grad().mulInPlace(10);
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void aHandedOverGradientAddsToAnExistingOne() {
        Tensor a = leaf(1, 2);
        doubledHandingOver(a).sum().backward();
        Tensor first = a.grad();
        doubledHandingOver(a).sum().backward();
        assertArrayEquals(new double[] {4, 4}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {2, 2}, first.toDoubleArray(), 0);
    }
}

// NumPy/PyTorch broadcasting for binary ops, and gradients summed back to each operand's shape.
package dev.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BroadcastingTest {
    @Test
    void shapesBroadcastFromTheRight() {
        assertEquals(Shape.of(2, 3, 4), Shape.broadcast("t", Shape.of(2, 1, 4), Shape.of(3, 1)));
        assertEquals(Shape.of(5, 4), Shape.broadcast("t", Shape.scalar(), Shape.of(5, 4)));
        assertEquals(Shape.of(0, 4), Shape.broadcast("t", Shape.of(0, 1), Shape.of(4)));
    }

    @Test
    void columnPlusRowGivesATable() {
        Tensor col = Tensor.fromArray(new float[] {0, 10, 20}, 3, 1);
        Tensor row = Tensor.fromArray(new float[] {1, 2}, 2);
        assertArrayEquals(new float[] {1, 2, 11, 12, 21, 22}, col.add(row).toFloatArray());
        assertArrayEquals(new float[] {-1, -2, 9, 8, 19, 18}, col.sub(row).toFloatArray());
    }

    @Test
    void everyLayoutPathAgreesWithElementByElementDefinition() {
        Generator g = new Generator(3);
        int[][][] pairs = {{{4, 5}, {5}}, {{4, 5}, {1}}, {{1}, {4, 5}}, {{4, 1}, {1, 5}}, {{2, 3, 20}, {20}},
                {{2, 3, 20}, {3, 20}}, {{2, 1, 20}, {3, 1}}};
        for (int[][] p : pairs) {
            Tensor a = Tensor.randn(g, p[0]);
            Tensor b = Tensor.randn(g, p[1]);
            Tensor out = a.mul(b);
            Tensor ae = a.expand(out.dims()).contiguous();
            Tensor be = b.expand(out.dims()).contiguous();
            float[] x = ae.toFloatArray();
            float[] y = be.toFloatArray();
            float[] z = out.toFloatArray();
            for (int i = 0; i < z.length; i++) {
                assertEquals(x[i] * y[i], z[i], "pair " + java.util.Arrays.deepToString(p) + " element " + i);
            }
        }
    }

    @Test
    void gradientsAreSummedToEachOperandsShape() {
        Tensor a = Tensor.ones(DType.FLOAT64, 2, 1, 4).requiresGrad(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 3, 1).requiresGrad(true);
        a.mul(b).sum().backward();
        assertEquals(a.shape(), a.grad().shape());
        assertEquals(b.shape(), b.grad().shape());
        assertTrue(a.grad().allClose(Tensor.full(3, DType.FLOAT64, 2, 1, 4), 0, 0));
        assertTrue(b.grad().allClose(Tensor.full(8, DType.FLOAT64, 3, 1), 0, 0));
    }

    @Test
    void incompatibleShapesNameTheOpAndBothShapes() {
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.zeros(3, 4).add(Tensor.zeros(3)));
        assertEquals("add: shapes (3, 4) and (3) cannot be broadcast: dimension -1 has sizes 4 and 3 (each must be"
                + " equal or 1)", e.getMessage());
    }
}

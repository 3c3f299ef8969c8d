// Views share storage and read the right elements through their strides; contiguous() copies only when needed.
package dev.dendrite.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewsAndStridesTest {
    private static Tensor range12() {
        return Tensor.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);
    }

    @Test
    void transposeIsAViewWithSwappedStrides() {
        Tensor x = range12();
        Tensor t = x.t();
        assertSame(x.storage(), t.storage());
        assertArrayEquals(new int[] {1, 4}, t.strides());
        assertFalse(t.isContiguous());
        assertEquals(9.0, t.get(1, 2));
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.toFloatArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = range12();
        assertSame(x, x.contiguous());
        Tensor c = x.t().contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(x.t().toFloatArray(), c.toFloatArray());
    }

    @Test
    void narrowSliceAndSelectReadTheRightElements() {
        Tensor x = range12();
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, x.narrow(1, 1, 2).toFloatArray());
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, x.slice(1, 1, 4, 2).toFloatArray());
        assertArrayEquals(new float[] {8, 9, 10, 11}, x.select(0, -1).toFloatArray());
        assertEquals(4, x.narrow(0, 1, 2).offset());
    }

    @Test
    void writesThroughAViewAreSeenByTheBase() {
        Tensor x = range12();
        x.narrow(0, 1, 1).fillInPlace(-1);
        assertArrayEquals(new float[] {0, 1, 2, 3, -1, -1, -1, -1, 8, 9, 10, 11}, x.toFloatArray());
        x.t().narrow(0, 0, 1).fillInPlace(7);
        assertEquals(7.0, x.get(2, 0));
    }

    @Test
    void expandUsesZeroStrides() {
        Tensor col = Tensor.fromArray(new float[] {1, 2, 3}, 3, 1);
        Tensor e = col.expand(2, 3, 4);
        assertArrayEquals(new int[] {0, 1, 0}, e.strides());
        assertEquals(3.0, e.get(1, 2, 3));
        assertEquals(24, e.contiguous().numel());
    }

    @Test
    void permuteSqueezeUnsqueezeFlatten() {
        Tensor x = Tensor.zeros(2, 1, 3, 4);
        assertEquals(Shape.of(4, 2, 1, 3), x.permute(3, 0, 1, 2).shape());
        assertEquals(Shape.of(2, 3, 4), x.squeeze().shape());
        assertEquals(Shape.of(2, 3, 4), x.squeeze(1).shape());
        assertEquals(Shape.of(2, 1, 3, 4), x.squeeze(0).shape());
        assertEquals(Shape.of(2, 1, 3, 4, 1), x.unsqueeze(-1).shape());
        assertEquals(Shape.of(2, 12), x.flatten(1, 3).shape());
        assertEquals(Shape.of(24), x.flatten().shape());
        assertEquals(Shape.of(6, 4), x.reshape(-1, 4).shape());
    }

    @Test
    void reshapeOfANonContiguousViewCopiesInRowMajorOrder() {
        Tensor r = range12().t().reshape(2, 6);
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, r.toFloatArray());
    }

    @Test
    void splitAndChunkReturnViews() {
        Tensor x = range12();
        List<Tensor> parts = x.split(3, 1);
        assertEquals(2, parts.size());
        assertEquals(Shape.of(3, 1), parts.get(1).shape());
        assertSame(x.storage(), parts.get(0).storage());
        assertEquals(3, x.chunk(3, 0).size());
        assertEquals(3, Tensor.arange(5).chunk(3, 0).size()); // pieces of ceil(5/3) = 2: sizes 2, 2, 1
    }

    @Test
    void scalarsAndEmptyTensors() {
        Tensor s = Tensor.scalar(2.5);
        assertEquals(0, s.rank());
        assertEquals(2.5, s.item());
        Tensor empty = Tensor.zeros(0, 3);
        assertEquals(0, empty.numel());
        assertEquals(Shape.of(0, 3), empty.add(1).shape());
        assertEquals(0.0, empty.sum().item());
        assertEquals(Shape.of(3, 0), empty.t().contiguous().shape());
    }
}

// Factories, seeded randomness (same seed, same tensor) and PyTorch-style printing.
package dev.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreationAndPrintingTest {
    @Test
    void constantFactories() {
        assertArrayEquals(new float[] {0, 0, 0}, Tensor.zeros(3).toFloatArray());
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new long[] {7, 7}, Tensor.full(7, DType.INT64, 2).toLongArray());
        assertArrayEquals(new long[] {0, 1, 2, 3}, Tensor.arange(4).toLongArray());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5, DType.FLOAT32).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Tensor.eye(2).toFloatArray());
        assertEquals(Shape.of(2, 2), Tensor.of(new float[][] {{1, 2}, {3, 4}}).shape());
    }

    @Test
    void sameSeedSameTensorsDifferentSeedDifferentTensors() {
        Tensor a = Tensor.randn(new Generator(5), 4, 5);
        Tensor b = Tensor.randn(new Generator(5), 4, 5);
        Tensor c = Tensor.randn(new Generator(6), 4, 5);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
    }

    @Test
    void generatorStateRoundTrips() {
        Generator g = new Generator(9);
        g.nextGaussian();
        long[] state = g.state();
        double next = g.nextGaussian();
        Generator h = new Generator(0);
        h.setState(state);
        assertEquals(next, h.nextGaussian());
    }

    @Test
    void randomDistributionsHaveTheRightMoments() {
        Generator g = new Generator(1);
        Tensor n = Tensor.normal(g, 2, 3, DType.FLOAT64, 100_000);
        assertEquals(2, n.mean().item(), 0.05);
        assertEquals(3, n.std(new int[] {0}, false).item(), 0.05);
        Tensor u = Tensor.uniform(g, -1, 1, DType.FLOAT64, 100_000);
        assertTrue(u.min().item() >= -1 && u.max().item() < 1);
        assertEquals(0.3, Tensor.bernoulli(g, 0.3, DType.FLOAT64, 100_000).mean().item(), 0.01);
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])",
                Tensor.of(new float[][] {{1, 2.5f}, {3, 4}}).toString());
        assertEquals("tensor([0, 1, 2], dtype=int64)", Tensor.arange(3).toString());
        assertEquals("tensor(2.)", Tensor.scalar(2).toString());
        assertEquals("tensor([1., 2.], dtype=float64, requires_grad=True)",
                Tensor.fromArray(new double[] {1, 2}).requiresGrad(true).toString());
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad(true);
        assertTrue(x.mul(2).toString().endsWith("grad_fn=<mul>)"));
    }

    @Test
    void largeTensorsPrintTruncated() {
        String s = Tensor.arange(0, 2000, 1, DType.FLOAT32).toString();
        assertEquals("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.])", s);
        String m = Tensor.zeros(100, 100).toString();
        assertTrue(m.contains("...") && m.length() < 400, m);
    }
}

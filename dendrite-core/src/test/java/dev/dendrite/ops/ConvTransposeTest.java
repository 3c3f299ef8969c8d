// Transposed convolution: outputs and gradients against PyTorch 1.13 (output padding, stride larger than the
// kernel, groups, dilation; float64 and float32), the adjoint identity with conv2d, the output size, the layer's
// shapes and initialisation bounds, and clear errors for bad channels and output padding.
package dev.dendrite.ops;

import dev.dendrite.nn.ConvTranspose2d;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.dendrite.testing.TorchFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvTransposeTest {
    private record Case(String name, boolean hasBias, Function<List<Tensor>, Tensor> fn) {}

    private static int[] pair(int a, int b) {
        return new int[] {a, b};
    }

    @Test
    void matchesPyTorchOutputsAndGradients() {
        List<Case> cases = List.of(
                new Case("ctA", true, t -> ConvTranspose.convTranspose2d(t.get(0), t.get(1), t.get(2), pair(2, 2),
                        pair(1, 1), pair(1, 1), pair(1, 1), 1)),
                new Case("ctB", true, t -> ConvTranspose.convTranspose2d(t.get(0), t.get(1), t.get(2), pair(3, 2),
                        pair(0, 1), pair(2, 1), pair(1, 2), 2)),
                new Case("ctC", false, t -> ConvTranspose.convTranspose2d(t.get(0), t.get(1), null, pair(1, 1),
                        pair(0, 0), pair(0, 0), pair(2, 2), 1)));
        for (Case c : cases) {
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                double tol = dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
                Tensor x = get(c.name() + ".x").to(dtype).requiresGrad(true);
                Tensor w = get(c.name() + ".w").to(dtype).requiresGrad(true);
                Tensor b = c.hasBias() ? get(c.name() + ".b").to(dtype).requiresGrad(true) : null;
                Tensor out = c.fn().apply(java.util.Arrays.asList(x, w, b));
                String what = c.name() + " " + dtype;
                assertEquals(get(c.name() + ".out").shape(), out.shape(), what);
                assertTrue(out.to(DType.FLOAT64).allClose(get(c.name() + ".out"), tol, tol), what + " output");
                out.backward(get(c.name() + ".cot").to(dtype));
                assertTrue(x.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gx"), tol * 10, tol * 10), what + " grad x");
                assertTrue(w.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gw"), tol * 10, tol * 10), what + " grad w");
                if (b != null) {
                    assertTrue(b.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gb"), tol * 10, tol * 10), what + " grad b");
                }
            }
        }
    }

    @Test
    void isTheAdjointOfConv2dWithTheSameGeometry() {
        Generator g = new Generator(3);
        Tensor w = Tensor.randn(g, 4, 3, 3, 3).to(DType.FLOAT64);
        Tensor small = Tensor.randn(g, 2, 4, 5, 5).to(DType.FLOAT64);
        Tensor big = Tensor.randn(g, 2, 3, 10, 10).to(DType.FLOAT64);
        // conv2d (3 -> 4 channels, stride 2, padding 1) maps 10 x 10 to 5 x 5; its transpose with output padding 1
        // maps 5 x 5 back to 10 x 10, and <conv(big), small> = <big, convT(small)>
        Tensor down = Conv.conv2d(big, w, null, pair(2, 2), Padding.of(1, 1), pair(1, 1), 1);
        Tensor up = ConvTranspose.convTranspose2d(small, w, null, pair(2, 2), pair(1, 1), pair(1, 1), pair(1, 1), 1);
        assertEquals(Shape.of(2, 3, 10, 10), up.shape());
        double left = down.mul(small).sum().item();
        double right = big.mul(up).sum().item();
        assertEquals(left, right, 1e-9 * Math.abs(left));
    }

    @Test
    void theLayerDoublesTheSizeAsDcganDoesAndIsInitialisedAsPyTorch() {
        ConvTranspose2d layer = new ConvTranspose2d(8, 4, 4, 2, 1, true, new Generator(0));
        assertEquals(Shape.of(8, 4, 4, 4), layer.weight().shape());
        assertEquals(Shape.of(4), layer.bias().shape());
        // PyTorch: fan_in = weight.size(1) * k * k = 64, weight bound 1/sqrt(64) (kaiming a = sqrt 5), bias 1/8
        assertTrue(layer.weight().abs().max().item() <= 0.125 && layer.bias().abs().max().item() <= 0.125);
        assertEquals(Shape.of(3, 4, 14, 14), layer.forward(Tensor.zeros(3, 8, 7, 7)).shape());
        var wrong = assertThrows(ShapeException.class, () -> layer.forward(Tensor.zeros(3, 5, 7, 7)));
        assertTrue(wrong.getMessage().contains("expected input (B, 8, H, W), got (3, 5, 7, 7)"), wrong.getMessage());
    }

    @Test
    void badOutputPaddingAndChannelsAreRefused() {
        Tensor x = Tensor.zeros(1, 4, 3, 3);
        Tensor w = Tensor.zeros(4, 2, 3, 3);
        var padding = assertThrows(ShapeException.class, () -> ConvTranspose.convTranspose2d(x, w, null, pair(2, 2),
                pair(0, 0), pair(2, 0), pair(1, 1), 1));
        assertTrue(padding.getMessage().contains("output padding smaller than the stride or the dilation"),
                padding.getMessage());
        var channels = assertThrows(ShapeException.class, () -> ConvTranspose.convTranspose2d(Tensor.zeros(1, 3, 3, 3),
                w, null, pair(1, 1), pair(0, 0), pair(0, 0), pair(1, 1), 1));
        assertTrue(channels.getMessage().contains("has 3 channels but weight (4, 2, 3, 3)"), channels.getMessage());
        var bias = assertThrows(ShapeException.class, () -> ConvTranspose.convTranspose2d(x, w, Tensor.zeros(3),
                pair(1, 1), pair(0, 0), pair(0, 0), pair(1, 1), 1));
        assertTrue(bias.getMessage().contains("bias must be (2), got (3)"),
                bias.getMessage());
    }
}

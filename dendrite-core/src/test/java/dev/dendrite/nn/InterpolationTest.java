// Interpolation against PyTorch 1.13's F.interpolate (nearest and bilinear, up and down, aligned corners or not;
// outputs and gradients in float64 and float32), and the Upsample layer's shapes and errors.
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dendrite.testing.TorchFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpolationTest {
    private record Case(String name, int h, int w, String mode, boolean align) {}

    @Test
    void matchesPyTorchOutputsAndGradients() {
        List<Case> cases = List.of(new Case("upNearest", 6, 9, "nearest", false),
                new Case("downNearest", 2, 3, "nearest", false), new Case("upBilinear", 7, 8, "bilinear", false),
                new Case("upBilinearAligned", 7, 8, "bilinear", true), new Case("downBilinear", 2, 3, "bilinear", false));
        for (Case c : cases) {
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
                Tensor x = get(c.name() + ".x").to(dtype).requiresGrad(true);
                Tensor out = Interpolation.interpolate(x, c.h(), c.w(), c.mode(), c.align());
                String what = c.name() + " " + dtype;
                assertEquals(get(c.name() + ".out").shape(), out.shape(), what);
                assertTrue(out.to(DType.FLOAT64).allClose(get(c.name() + ".out"), tol, tol), what + " output");
                out.backward(get(c.name() + ".cot").to(dtype));
                assertTrue(x.grad().to(DType.FLOAT64).allClose(get(c.name() + ".gx"), tol, tol), what + " grad");
            }
        }
    }

    @Test
    void upsampleDoublesByNearestNeighbour() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor up = new Upsample(2, "nearest", false).forward(x);
        assertEquals(Shape.of(1, 1, 4, 4), up.shape());
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up.toFloatArray());
        var flat = assertThrows(ShapeException.class, () -> new Upsample(2, "bilinear", false).forward(Tensor.zeros(2, 3)));
        assertTrue(flat.getMessage().contains("expected images (B, C, H, W), got (2, 3)"), flat.getMessage());
        var mode = assertThrows(IllegalArgumentException.class, () -> new Upsample(2, "bicubic", false));
        assertTrue(mode.getMessage().contains("'bicubic'"), mode.getMessage());
    }
}

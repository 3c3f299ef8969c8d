// One row of the op catalog: an op applied to generated inputs, how to generate them, and which checks apply.
package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

public record OpCase(String name, String variant, Function<List<Tensor>, Tensor> fn, int[][] shapes, Domain[] domains,
                     boolean gradCheck, Tolerance tolerance) {

    /** Where input values are drawn from: chosen to keep away from kinks, poles and ties. */
    public enum Domain {
        NORMAL, POSITIVE, UNIT, AWAY_FROM_ZERO;

        double sample(Generator g) {
            return switch (this) {
                case NORMAL -> g.nextGaussian();
                case POSITIVE -> 0.5 + 1.5 * g.nextDouble();
                case UNIT -> -0.9 + 1.8 * g.nextDouble();
                case AWAY_FROM_ZERO -> (g.nextDouble() < 0.5 ? -1 : 1) * (0.2 + 1.8 * g.nextDouble());
            };
        }
    }

    /** Float32 fast kernels against float64 reference: elementwise, or long sums (reductions, matmul). */
    public enum Tolerance {
        ELEMENTWISE(1e-4, 1e-5), LONG_SUM(1e-3, 1e-4);

        public final double rtol;
        public final double atol;

        Tolerance(double rtol, double atol) {
            this.rtol = rtol;
            this.atol = atol;
        }
    }

    /** Fresh FLOAT64 inputs, the same for the same seed. */
    public List<Tensor> inputs(long seed) {
        Generator g = new Generator(seed);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Tensor.zeros(DType.FLOAT64, shapes[i]);
            for (int j = 0; j < t.numel(); j++) {
                t.storage().set(j, domains[i].sample(g));
            }
            out.add(t);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + (variant.isEmpty() ? "" : " [" + variant + "]") + " " + Arrays.deepToString(shapes);
    }
}

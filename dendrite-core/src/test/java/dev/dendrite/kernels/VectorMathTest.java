// VectorMath: every vector lane has the bits of the scalar twin, before and after the JIT compiles the kernels (the
// property the Vector API's lanewise EXP / TANH lack), accuracy against double-precision java.lang.Math, and
// special values.
package dev.dendrite.kernels;

import dev.dendrite.tensor.Generator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorMathTest {
    /** An array kernel of VectorMath and its scalar twin. */
    private record Function(String name, ArrayKernel kernel, FloatUnary twin, DoubleUnaryOperator exact,
                            double scale, double maxUlps) {}

    @FunctionalInterface
    private interface ArrayKernel {
        void apply(float[] x, int xo, float[] out, int oo, int n);
    }

    @FunctionalInterface
    private interface FloatUnary {
        float apply(float x);
    }

    // maxUlps: a little above the largest error seen over the inputs below (exp 0.94, log 0.72, expm1 1.69,
    // log1p 2.25, sigmoid 1.89, tanh 1.48 ulps on these seeds).
    private static final Function[] FUNCTIONS = {
        new Function("exp", VectorMath::exp, VectorMath::exp, Math::exp, 30, 1.5),
        new Function("log", VectorMath::log, VectorMath::log, Math::log, 0, 1.5),
        new Function("expm1", VectorMath::expm1, VectorMath::expm1, Math::expm1, 2, 2.5),
        new Function("log1p", VectorMath::log1p, VectorMath::log1p, Math::log1p, 0, 3),
        new Function("sigmoid", VectorMath::sigmoid, VectorMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), 10, 2.5),
        new Function("tanh", VectorMath::tanh, VectorMath::tanh, Math::tanh, 3, 2.5),
    };

    /** Inputs over the function's useful range; log and log1p get positive values over many binades. */
    private static float[] inputs(Function f, int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double u = g.nextGaussian();
            double tiny = (i % 2 == 0 ? 1 : -1) * Math.min(0.5, Math.exp(-9 + 3 * u)); // around 1e-4, both signs
            x[i] = switch (f.name()) {
                case "log" -> (float) Math.exp(12 * u);
                case "log1p" -> (float) (i % 3 == 0 ? tiny : Math.exp(8 * u) - (i % 2 == 0 ? 0 : 1 - 1e-3));
                case "expm1" -> (float) (i % 3 == 0 ? tiny : f.scale() * u);
                default -> (float) (f.scale() * u);
            };
        }
        return x;
    }

    private static void assertSameBitsAsTwin(Function f, float[] x, int xo, int n) {
        float[] out = new float[n + 3];
        f.kernel().apply(x, xo, out, 3, n);
        for (int i = 0; i < n; i++) {
            float want = f.twin().apply(x[xo + i]);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[3 + i]),
                    () -> f.name() + "(" + x[xo] + "...): a vector lane differs from the scalar twin");
        }
    }

    @Test
    void vectorLanesHaveTheTwinsBitsBeforeAndAfterCompilation() {
        for (Function f : FUNCTIONS) {
            float[] x = inputs(f, 1_000, 1);
            assertSameBitsAsTwin(f, x, 5, 995); // first calls: interpreted or C1
            float[] warm = inputs(f, 256, 2);
            float[] sink = new float[256];
            for (int r = 0; r < 20_000; r++) {
                f.kernel().apply(warm, 0, sink, 0, 256);
            }
            assertSameBitsAsTwin(f, x, 5, 995); // by now compiled by C2
        }
    }

    @Test
    void inPlaceGivesTheSameResult() {
        for (Function f : FUNCTIONS) {
            float[] x = inputs(f, 700, 3);
            float[] out = new float[700];
            f.kernel().apply(x, 0, out, 0, 700);
            f.kernel().apply(x, 0, x, 0, 700);
            for (int i = 0; i < 700; i++) {
                assertEquals(Float.floatToRawIntBits(out[i]), Float.floatToRawIntBits(x[i]), f.name());
            }
        }
    }

    @Test
    void accurateToAFewUlps() {
        for (Function f : FUNCTIONS) {
            float[] x = inputs(f, 20_000, 4);
            float[] out = new float[x.length];
            f.kernel().apply(x, 0, out, 0, x.length);
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                double exact = f.exact().applyAsDouble(x[i]);
                if (Math.abs(exact) < Float.MIN_NORMAL || Math.abs(exact) > Float.MAX_VALUE) {
                    continue; // subnormal or overflowing results: checked with the special values
                }
                worst = Math.max(worst, Math.abs(out[i] - exact) / Math.ulp((float) exact));
            }
            double w = worst;
            assertTrue(worst <= f.maxUlps(), () -> f.name() + ": " + w + " ulps");
        }
    }

    @Test
    void specialValues() {
        float inf = Float.POSITIVE_INFINITY;
        float nan = Float.NaN;
        check(VectorMath::exp, new float[] {0f, -0f, inf, -inf, nan, 88.72f, 88.73f, -103.9f, -105f, 1e-8f},
                new float[] {1f, 1f, inf, 0f, nan, (float) Math.exp(88.72f), inf, (float) Math.exp(-103.9f), 0f, 1f});
        check(VectorMath::log, new float[] {0f, -0f, -1f, inf, -inf, nan, 1f, Float.MIN_VALUE, Float.MIN_NORMAL},
                new float[] {-inf, -inf, nan, inf, nan, nan, 0f, (float) Math.log(Float.MIN_VALUE),
                        (float) Math.log(Float.MIN_NORMAL)});
        check(VectorMath::expm1, new float[] {0f, -0f, -inf, inf, nan, 1e-30f, -100f},
                new float[] {0f, -0f, -1f, inf, nan, 1e-30f, -1f});
        check(VectorMath::log1p, new float[] {0f, -0f, -1f, -2f, inf, nan, 1e-30f},
                new float[] {0f, -0f, -inf, nan, inf, nan, 1e-30f});
        check(VectorMath::sigmoid, new float[] {0f, inf, -inf, nan, 100f, -100f},
                new float[] {0.5f, 1f, 0f, nan, 1f, 0f});
        check(VectorMath::tanh, new float[] {0f, -0f, inf, -inf, nan, 20f, -20f, 1e-30f},
                new float[] {0f, -0f, 1f, -1f, nan, 1f, -1f, 1e-30f});
    }

    /** Each special value in every lane position of a full vector and in the scalar tail. */
    private static void check(ArrayKernel kernel, float[] x, float[] want) {
        int n = FastUnary.S.length() + 3;
        for (int v = 0; v < x.length; v++) {
            float[] in = new float[n];
            java.util.Arrays.fill(in, x[v]);
            float[] out = new float[n];
            kernel.apply(in, 0, out, 0, n);
            for (int i = 0; i < n; i++) {
                if (Float.isNaN(want[v])) {
                    assertTrue(Float.isNaN(out[i]), "f(" + x[v] + ") at " + i + ": " + out[i]);
                } else {
                    assertEquals(Float.floatToRawIntBits(want[v]), Float.floatToRawIntBits(out[i]),
                            "f(" + x[v] + ") at " + i + ": " + out[i]);
                }
            }
        }
    }
}

package dev.dendrite.autograd;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * Float64 central-difference gradient check with a random cotangent v (PyTorch's torch.autograd.gradcheck):
 * compares the analytic gradient of sum(v * f(x)) from backward() with (L(x + eps) - L(x - eps)) / (2 eps), element
 * by element, with PyTorch's tolerances. For anyone who writes an op of their own with Autograd.record.
 */
public final class GradCheck {
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    private GradCheck() {}

    /** Returns null when every gradient matches, else a description of the first mismatch. */
    public static String check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, long seed) {
        for (Tensor x : inputs) {
            if (x.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradient checks run in FLOAT64");
            }
            x.zeroGrad();
            x.requiresGrad(true);
        }
        Tensor out = f.apply(inputs);
        Tensor v = Tensor.normal(new Generator(seed), 0, 1, DType.FLOAT64, out.dims());
        out.backward(v);
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            double[] analytic = x.grad() == null ? new double[x.numel()] : x.grad().toDoubleArray();
            for (int j = 0; j < x.numel(); j++) {
                int pos = position(x, j);
                double orig = x.storage().get(pos);
                x.storage().set(pos, orig + EPS);
                double plus = objective(f, inputs, v);
                x.storage().set(pos, orig - EPS);
                double minus = objective(f, inputs, v);
                x.storage().set(pos, orig);
                double numeric = (plus - minus) / (2 * EPS);
                if (!(Math.abs(analytic[j] - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                    return "input " + i + " element " + j + ": analytic " + analytic[j] + " vs numeric " + numeric;
                }
            }
        }
        return null;
    }

    private static double objective(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tensor v) {
        try (var _ = Grad.disabled()) {
            return f.apply(inputs).mul(v).sum().item();
        }
    }

    /** Storage position of the j-th element in row-major order. */
    private static int position(Tensor x, int j) {
        int[] dims = x.dims();
        int[] strides = x.strides();
        int pos = x.offset();
        for (int d = dims.length - 1; d >= 0; d--) {
            pos += (j % dims[d]) * strides[d];
            j /= dims[d];
        }
        return pos;
    }
}

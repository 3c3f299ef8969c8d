package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.BinaryKind;
import dev.dendrite.kernels.UnaryKind;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

/**
 * Differentiable elementwise functions of one tensor: math (neg, exp, log, sqrt, rsqrt, abs, sign, pow, clamp) and
 * the seeds' activations (step, sigmoid, tanh, relu, leakyRelu, elu, gelu, softplus), each with its derivative
 * written next to it.
 */
public final class Unary {
    private Unary() {}

    private static Tensor floatOp(String op, UnaryKind kind, Tensor x, double p, double q) {
        Checks.floating(op, x);
        return Elementwise.unary(kind, x, p, q);
    }

    /** Records y = f(x) whose derivative is computed from x: dy/dx = derivative(x). */
    private interface Derivative {
        Tensor of(Tensor x);
    }

    private static Tensor fromInput(String op, UnaryKind kind, Tensor x, double p, double q, Derivative d) {
        return gradientFromInput(op, kind, x, p, q, (g, v) -> g.mul(d.of(v)));
    }

    /** Records y = f(x) whose input gradient is computed from the output gradient g and x in one rule. */
    private interface InputGradient {
        Tensor of(Tensor g, Tensor x);
    }

    private static Tensor gradientFromInput(String op, UnaryKind kind, Tensor x, double p, double q, InputGradient rule) {
        Tensor out = floatOp(op, kind, x, p, q);
        SavedTensor sx = new SavedTensor(op, x);
        return Autograd.record(op, out, new Tensor[] {x}, new SavedTensor[] {sx}, g -> new Tensor[] {rule.of(g, sx.get())});
    }

    private static Tensor fromOutput(String op, Tensor out, Tensor x, Derivative d) {
        SavedTensor sy = new SavedTensor(op, out);
        return Autograd.record(op, out, new Tensor[] {x}, new SavedTensor[] {sy}, g -> new Tensor[] {g.mul(d.of(sy.get()))});
    }

    private static Tensor zeroGradient(String op, Tensor out, Tensor x) {
        return Autograd.record(op, out, new Tensor[] {x}, g -> new Tensor[] {Tensor.zeros(g.dtype(), g.dims())});
    }

    public static Tensor neg(Tensor x) {
        if (x.dtype() == DType.INT64) {
            return Elementwise.unary(UnaryKind.NEG, x, 0, 0);
        }
        Tensor out = floatOp("neg", UnaryKind.NEG, x, 0, 0);
        return Autograd.record("neg", out, new Tensor[] {x}, g -> new Tensor[] {g.neg()});
    }

    public static Tensor exp(Tensor x) {
        return fromOutput("exp", floatOp("exp", UnaryKind.EXP, x, 0, 0), x, y -> y);
    }

    public static Tensor log(Tensor x) {
        Tensor out = floatOp("log", UnaryKind.LOG, x, 0, 0);
        SavedTensor sx = new SavedTensor("log", x);
        return Autograd.record("log", out, new Tensor[] {x}, new SavedTensor[] {sx}, g -> new Tensor[] {g.div(sx.get())});
    }

    public static Tensor sqrt(Tensor x) {
        Tensor out = floatOp("sqrt", UnaryKind.SQRT, x, 0, 0);
        SavedTensor sy = new SavedTensor("sqrt", out);
        return Autograd.record("sqrt", out, new Tensor[] {x}, new SavedTensor[] {sy},
                g -> new Tensor[] {g.div(sy.get().mul(2))});
    }

    public static Tensor rsqrt(Tensor x) {
        return fromOutput("rsqrt", floatOp("rsqrt", UnaryKind.RSQRT, x, 0, 0), x, y -> y.pow(3).mul(-0.5));
    }

    public static Tensor abs(Tensor x) {
        if (x.dtype() == DType.INT64) {
            return Elementwise.unary(UnaryKind.ABS, x, 0, 0);
        }
        return fromInput("abs", UnaryKind.ABS, x, 0, 0, Tensor::sign);
    }

    public static Tensor sign(Tensor x) {
        if (x.dtype() == DType.INT64) {
            return Elementwise.unary(UnaryKind.SIGN, x, 0, 0);
        }
        return zeroGradient("sign", floatOp("sign", UnaryKind.SIGN, x, 0, 0), x);
    }

    public static Tensor pow(Tensor x, double exponent) {
        if (exponent == 0) {
            return zeroGradient("pow", floatOp("pow", UnaryKind.POW, x, 0, 0), x);
        }
        return fromInput("pow", UnaryKind.POW, x, exponent, 0, v -> v.pow(exponent - 1).mul(exponent));
    }

    public static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        return fromInput("clamp", UnaryKind.CLAMP, x, min, max,
                v -> Elementwise.unary(UnaryKind.CLAMP_GRAD, v, min, max));
    }

    public static Tensor step(Tensor x) {
        return zeroGradient("step", floatOp("step", UnaryKind.STEP, x, 0, 0), x);
    }

    public static Tensor sigmoid(Tensor x) {
        return fromOutput("sigmoid", floatOp("sigmoid", UnaryKind.SIGMOID, x, 0, 0), x, y -> y.mul(y.neg().add(1)));
    }

    public static Tensor tanh(Tensor x) {
        return fromOutput("tanh", floatOp("tanh", UnaryKind.TANH, x, 0, 0), x, y -> y.mul(y).neg().add(1));
    }

    public static Tensor relu(Tensor x) {
        // One pass (g where x > 0) rather than multiplying g by step(x).
        return gradientFromInput("relu", UnaryKind.RELU, x, 0, 0,
                (g, v) -> Elementwise.binary("relu", BinaryKind.RELU_GRAD, g, v));
    }

    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return fromInput("leakyRelu", UnaryKind.LEAKY_RELU, x, negativeSlope, 0,
                v -> Elementwise.unary(UnaryKind.LEAKY_RELU_GRAD, v, negativeSlope, 0));
    }

    public static Tensor elu(Tensor x, double alpha) {
        return fromInput("elu", UnaryKind.ELU, x, alpha, 0, v -> Elementwise.unary(UnaryKind.ELU_GRAD, v, alpha, 0));
    }

    public static Tensor gelu(Tensor x) {
        return fromInput("gelu", UnaryKind.GELU, x, 0, 0, v -> Elementwise.unary(UnaryKind.GELU_GRAD, v, 0, 0));
    }

    public static Tensor softplus(Tensor x) {
        return fromInput("softplus", UnaryKind.SOFTPLUS, x, 0, 0, Tensor::sigmoid);
    }
}

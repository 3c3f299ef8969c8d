package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Weight initialisation in one place, every draw from an explicit Generator. Fan-in/fan-out follow PyTorch's
 * nn.init: for a weight (out, in, k...) fan_in = in * prod(k), fan_out = out * prod(k). Xavier/Glorot: Glorot &amp;
 * Bengio 2010; Kaiming/He: He et al. 2015.
 */
public final class Init {
    private Init() {}

    /** Which fan Kaiming initialisation preserves the variance of. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Fills {@code t} in place with U(low, high). Returns t. */
    public static Tensor uniform(Tensor t, double low, double high, Generator g) {
        try (var _ = Grad.disabled()) {
            return t.copyFrom(Tensor.uniform(g, low, high, t.dtype(), t.dims()));
        }
    }

    /** Fills {@code t} in place with N(mean, std^2). Returns t. */
    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        try (var _ = Grad.disabled()) {
            return t.copyFrom(Tensor.normal(g, mean, std, t.dtype(), t.dims()));
        }
    }

    public static Tensor constant(Tensor t, double value) {
        try (var _ = Grad.disabled()) {
            return t.fillInPlace(value);
        }
    }

    static int fanIn(Tensor w) {
        return fans(w)[0];
    }

    private static int[] fans(Tensor w) {
        if (w.rank() < 2) {
            throw new ShapeException("init: fan in and fan out need a weight with at least 2 dims, got " + w.shape());
        }
        int receptive = w.numel() / (w.size(0) * w.size(1));
        return new int[] {w.size(1) * receptive, w.size(0) * receptive};
    }

    /** Recommended gain for a nonlinearity, as torch.nn.init.calculate_gain: linear/sigmoid 1, tanh 5/3, relu sqrt 2. */
    public static double gain(String nonlinearity, double negativeSlope) {
        return switch (nonlinearity) {
            case "linear", "sigmoid", "identity" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            case "selu" -> 0.75;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity + "'");
        };
    }

    /** Xavier/Glorot uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor w, double gain, Generator g) {
        int[] f = fans(w);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(w, -a, a, g);
    }

    /** Xavier/Glorot normal: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor w, double gain, Generator g) {
        int[] f = fans(w);
        return normal(w, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), g);
    }

    /** Kaiming/He uniform: U(-b, b), b = gain * sqrt(3 / fan), gain = gain("leaky_relu", a) by default in PyTorch. */
    public static Tensor kaimingUniform(Tensor w, double a, FanMode mode, String nonlinearity, Generator g) {
        int fan = fans(w)[mode == FanMode.FAN_IN ? 0 : 1];
        double bound = gain(nonlinearity, a) * Math.sqrt(3.0 / fan);
        return uniform(w, -bound, bound, g);
    }

    /** Kaiming/He normal: N(0, std^2), std = gain / sqrt(fan). */
    public static Tensor kaimingNormal(Tensor w, double a, FanMode mode, String nonlinearity, Generator g) {
        int fan = fans(w)[mode == FanMode.FAN_IN ? 0 : 1];
        return normal(w, 0, gain(nonlinearity, a) / Math.sqrt(fan), g);
    }

    /**
     * PyTorch's default for Linear and Conv weights: kaiming_uniform(a = sqrt 5), which is U(-1/sqrt(fan_in),
     * 1/sqrt(fan_in)); and for their biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     */
    public static Tensor torchDefaultWeight(Tensor w, Generator g) {
        return kaimingUniform(w, Math.sqrt(5), FanMode.FAN_IN, "leaky_relu", g);
    }

    public static Tensor torchDefaultBias(Tensor bias, int fanIn, Generator g) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return uniform(bias, -bound, bound, g);
    }
}

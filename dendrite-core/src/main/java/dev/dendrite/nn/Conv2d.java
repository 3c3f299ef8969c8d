package dev.dendrite.nn;

import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * 2-d convolution layer (seeds 001 and 003: shared filters sliding over the image, one feature map per filter),
 * initialised as PyTorch's nn.Conv2d. Padding as numbers or TensorFlow's SAME / VALID, for any stride and dilation.
 * Shapes: x (B, inChannels, H, W) -&gt; y (B, outChannels, outH, outW); see ops.Conv for the output-size formula.
 */
public final class Conv2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, Padding padding, int[] dilation, int groups,
                  boolean bias, Generator g) {
        ConvParameters p = ConvParameters.register(this, "Conv2d", inChannels, outChannels, groups, bias, g, kernel);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding;
        this.dilation = dilation.clone();
        this.groups = groups;
        this.weight = p.weight();
        this.bias = p.bias();
    }

    /** Square kernel, stride and symmetric padding, no dilation or groups, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Generator g) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {stride, stride}, Padding.of(padding, padding),
                new int[] {1, 1}, 1, true, g);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != inChannels) {
            throw new ShapeException(describe() + ": expected input (B, " + inChannels + ", H, W), got " + x.shape());
        }
        return F.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel=" + kernel[0] + "x" + kernel[1] + ", stride="
                + stride[0] + "x" + stride[1] + ", padding=" + describe(padding) + (groups > 1 ? ", groups=" + groups : "") + ")";
    }

    static String describe(Padding p) {
        return switch (p) {
            case Padding.Same s -> "SAME";
            case Padding.Valid v -> "VALID";
            case Padding.Explicit e -> java.util.Arrays.toString(e.before()) + "/" + java.util.Arrays.toString(e.after());
        };
    }
}

package dev.dendrite.nn;

import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * 1-d convolution layer over sequences (TextCNN's filters sliding over word embeddings), initialised as PyTorch's
 * nn.Conv1d. Padding as numbers or TensorFlow's SAME / VALID, for any stride and dilation. Shapes: x (B,
 * inChannels, L) -&gt; y (B, outChannels, outL); see ops.Conv for the output-size formula.
 */
public final class Conv1d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final Padding padding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public Conv1d(int inChannels, int outChannels, int kernel, int stride, Padding padding, int dilation, int groups,
                  boolean bias, Generator g) {
        ConvParameters p = ConvParameters.register(this, "Conv1d", inChannels, outChannels, groups, bias, g, kernel);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = p.weight();
        this.bias = p.bias();
    }

    /** Stride 1, no dilation or groups, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernel, Padding padding, Generator g) {
        this(inChannels, outChannels, kernel, 1, padding, 1, 1, true, g);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != inChannels) {
            throw new ShapeException(describe() + ": expected input (B, " + inChannels + ", L), got " + x.shape());
        }
        return F.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    public String toString() {
        return "Conv1d(" + inChannels + ", " + outChannels + ", kernel=" + kernel + ", stride=" + stride + ", padding="
                + Conv2d.describe(padding) + (groups > 1 ? ", groups=" + groups : "") + ")";
    }
}

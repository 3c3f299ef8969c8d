package dev.dendrite.nn;

import dev.dendrite.ops.ConvTranspose;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Transposed 2-d convolution layer (PyTorch's nn.ConvTranspose2d, initialised as it is): upsamples by its stride,
 * as DCGAN's generator does. Shapes: x (B, inChannels, H, W) -&gt; (B, outChannels, (H - 1) * stride - 2 * padding
 * + dilation * (k - 1) + outputPadding + 1, likewise W); weight (inChannels, outChannels / groups, kH, kW).
 */
public final class ConvTranspose2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public ConvTranspose2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
                           int[] outputPadding, int[] dilation, int groups, boolean bias, Generator g) {
        ConvParameters p = ConvParameters.registerTransposed(this, "ConvTranspose2d", inChannels, outChannels, groups,
                bias, g, kernel);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.outputPadding = outputPadding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        this.weight = p.weight();
        this.bias = p.bias();
    }

    /** Square kernel, stride and padding, no output padding, dilation or groups. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias,
                           Generator g) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {0, 0}, new int[] {1, 1}, 1, bias, g);
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
        return ConvTranspose.convTranspose2d(x, weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", kernel=" + kernel[0] + "x" + kernel[1]
                + ", stride=" + stride[0] + "x" + stride[1] + ", padding=" + padding[0] + "x" + padding[1]
                + (outputPadding[0] + outputPadding[1] > 0 ? ", output_padding=" + outputPadding[0] + "x"
                + outputPadding[1] : "") + (groups > 1 ? ", groups=" + groups : "") + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015) as PyTorch's BatchNorm1d/2d: in training, normalise with the
 * batch's mean and biased variance over every dim but the channel dim 1, and move the running statistics towards
 * the batch ones (running = (1 - momentum) running + momentum batch, the variance unbiased); in evaluation, use the
 * running statistics. Learned per-channel scale (weight, ones) and shift (bias, zeros). Shapes: x (B, C), (B, C, L)
 * or (B, C, H, W) -&gt; y of the same shape.
 */
public final class BatchNorm extends Layer {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    public BatchNorm(int channels, double eps, double momentum) {
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(DType.FLOAT32, channels));
        this.bias = registerParameter("bias", Tensor.zeros(DType.FLOAT32, channels));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(DType.FLOAT32, channels));
        this.runningVar = registerBuffer("running_var", Tensor.ones(DType.FLOAT32, channels));
    }

    /** PyTorch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm(int channels) {
        this(channels, 1e-5, 0.1);
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.rank() > 4 || x.size(1) != channels) {
            throw new ShapeException(describe() + ": expected input (B, " + channels + "), (B, " + channels + ", L) or (B, "
                    + channels + ", H, W), got " + x.shape());
        }
        int[] reduce = new int[x.rank() - 1];
        reduce[0] = 0;
        for (int d = 2; d < x.rank(); d++) {
            reduce[d - 1] = d;
        }
        int[] channelShape = new int[x.rank()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = channels;
        Tensor mean;
        Tensor var;
        if (isTraining()) {
            int count = x.numel() / channels;
            if (count < 2) {
                throw new ShapeException(describe() + ": training needs more than one value per channel, got input " + x.shape());
            }
            mean = x.mean(reduce, true);
            var = x.var(reduce, 0, true);
            try (var _ = Grad.disabled()) {
                runningMean.mulInPlace(1 - momentum).addInPlace(mean.reshape(channels).to(DType.FLOAT32), momentum);
                runningVar.mulInPlace(1 - momentum)
                        .addInPlace(var.reshape(channels).mul((double) count / (count - 1)).to(DType.FLOAT32), momentum);
            }
        } else {
            mean = runningMean.to(x.dtype()).reshape(channelShape);
            var = runningVar.to(x.dtype()).reshape(channelShape);
        }
        Tensor normalised = x.sub(mean).mul(var.add(eps).rsqrt());
        return normalised.mul(weight.to(x.dtype()).reshape(channelShape)).add(bias.to(x.dtype()).reshape(channelShape));
    }

    @Override
    public String toString() {
        return "BatchNorm(" + channels + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}

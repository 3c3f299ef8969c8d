package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.ConvKernels;
import dev.dendrite.kernels.ConvLoops;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Transposed 2-d convolution (PyTorch's conv_transpose2d, the "deconvolution" of DCGAN's generator): the adjoint of
 * conv2d with the same stride, padding, dilation and groups, so each input pixel scatters its weighted kernel into
 * the output. It runs on conv2d's own loops (ConvLoops): its forward is conv2d's input gradient, its input gradient
 * is conv2d's forward, and its weight gradient is conv2d's weight gradient with the two images' roles swapped.
 * Output size per spatial dim: (in - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1, where the
 * output padding (smaller than the stride or the dilation) picks among the sizes a strided conv2d maps to one size.
 */
public final class ConvTranspose {
    private ConvTranspose() {}

    /**
     * Shapes: x (B, C_in, H, W), weight (C_in, C_out / groups, kH, kW), bias (C_out) or null -&gt; (B, C_out, outH, outW).
     * stride, padding, outputPadding and dilation are (height, width) pairs.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation, int groups) {
        if (x.rank() != 4 || weight.rank() != 4) {
            throw new ShapeException("convTranspose2d: expected input (B, C_in, H, W) and weight (C_in, C_out / groups,"
                    + " kH, kW), got " + x.shape() + " and " + weight.shape());
        }
        int cin = weight.size(0);
        if (groups < 1 || cin % groups != 0 || x.size(1) != cin) {
            throw new ShapeException("convTranspose2d: input " + x.shape() + " has " + x.size(1) + " channels but weight "
                    + weight.shape() + " with groups=" + groups + " expects " + cin
                    + (cin % Math.max(groups, 1) != 0 ? " (and C_in is not divisible by groups)" : ""));
        }
        int cout = weight.size(1) * groups;
        if (bias != null && (bias.rank() != 1 || bias.size(0) != cout)) {
            throw new ShapeException("convTranspose2d: bias must be (" + cout + "), got " + bias.shape());
        }
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            if (stride[i] < 1 || dilation[i] < 1 || padding[i] < 0 || outputPadding[i] < 0
                    || outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new ShapeException("convTranspose2d: stride and dilation must be >= 1, padding >= 0 and output"
                        + " padding smaller than the stride or the dilation; got stride " + java.util.Arrays.toString(stride)
                        + ", padding " + java.util.Arrays.toString(padding) + ", output padding "
                        + java.util.Arrays.toString(outputPadding) + ", dilation " + java.util.Arrays.toString(dilation));
            }
            out[i] = (x.size(2 + i) - 1) * stride[i] - 2 * padding[i] + dilation[i] * (weight.size(2 + i) - 1)
                    + outputPadding[i] + 1;
            if (out[i] < 1) {
                throw new ShapeException("convTranspose2d: input " + x.shape() + " with kernel " + weight.shape()
                        + " and padding " + java.util.Arrays.toString(padding) + " gives an empty output");
            }
        }
        Checks.floating("convTranspose2d", x);
        Checks.sameDType("convTranspose2d", x, weight);
        if (bias != null) {
            Checks.sameDType("convTranspose2d", x, bias);
        }
        // the conv2d whose adjoint this is: input (B, C_out, outH, outW), output (B, C_in, H, W)
        Unfold.Geometry g = new Unfold.Geometry(cout, out[0], out[1], weight.size(2), weight.size(3), stride[0],
                stride[1], dilation[0], dilation[1], padding[0], padding[1], x.size(2), x.size(3));
        ConvLoops.Dims d = new ConvLoops.Dims(x.size(0), groups, cin / groups, weight.size(1) * weight.size(2)
                * weight.size(3), x.size(2) * x.size(3), cout * out[0] * out[1]);
        if (x.dtype() == DType.FLOAT32 && Conv.wholeImage(g, groups)) {
            // One input pixel spread over the whole output (DCGAN's first generator layer): a matrix product over
            // the batch instead of per-image columns eight images wide.
            Tensor y = x.reshape(d.batch(), cin).matmul(weight.reshape(cin, d.k()))
                    .reshape(d.batch(), cout, out[0], out[1]);
            return bias == null ? y : y.add(bias.reshape(1, cout, 1, 1));
        }
        Tensor xc = Convert.dense(x);
        Tensor wc = Convert.dense(weight);
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), cout, out[0], out[1]);
        switch (xc.storage()) {
            case Storage.F32 s -> ConvLoops.backward(ConvKernels.FAST, g, d, null, 0, Conv.f32(wc), wc.offset(), s.data,
                    xc.offset(), Conv.f32(y), null, null);
            case Storage.F64 s -> ConvLoops.backward(ConvKernels.REFERENCE, g, d, null, 0, Conv.f64(wc), wc.offset(),
                    s.data, xc.offset(), Conv.f64(y), null, null);
            case Storage.I64 s -> throw new IllegalStateException("unreachable: convTranspose2d checked for floating input");
        }
        SavedTensor[] saved = {new SavedTensor("convTranspose2d", xc), new SavedTensor("convTranspose2d", wc)};
        Tensor result = Autograd.record("convTranspose2d", y, new Tensor[] {x, weight}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dx = x.requiresGrad() ? Tensor.zeros(grad.dtype(), x.dims()) : null;
            Tensor dw = weight.requiresGrad() ? Tensor.zeros(grad.dtype(), weight.dims()) : null;
            Tensor xs = saved[0].get();
            Tensor ws = saved[1].get();
            switch (xs.storage()) {
                case Storage.F32 s -> {
                    if (dx != null) {
                        ConvLoops.forward(ConvKernels.FAST, g, d, Conv.f32(dy), dy.offset(), Conv.f32(ws), ws.offset(),
                                null, 0, Conv.f32(dx));
                    }
                    if (dw != null) {
                        ConvLoops.backward(ConvKernels.FAST, g, d, Conv.f32(dy), dy.offset(), Conv.f32(ws), ws.offset(),
                                s.data, xs.offset(), null, Conv.f32(dw), null);
                    }
                }
                case Storage.F64 s -> {
                    if (dx != null) {
                        ConvLoops.forward(ConvKernels.REFERENCE, g, d, Conv.f64(dy), dy.offset(), Conv.f64(ws),
                                ws.offset(), null, 0, Conv.f64(dx));
                    }
                    if (dw != null) {
                        ConvLoops.backward(ConvKernels.REFERENCE, g, d, Conv.f64(dy), dy.offset(), Conv.f64(ws),
                                ws.offset(), s.data, xs.offset(), null, Conv.f64(dw), null);
                    }
                }
                case Storage.I64 s -> throw new IllegalStateException("unreachable: convTranspose2d checked for floating input");
            }
            return new Tensor[] {dx, dw};
        });
        return bias == null ? result : result.add(bias.reshape(1, cout, 1, 1));
    }
}

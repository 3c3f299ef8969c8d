// Convolution and pooling on (B, C, H, W) tensors (and 1-d on (B, C, L)), built from one differentiable im2col
// op (unfold, whose gradient is col2im) and the fast GEMM. Output size per spatial dim, with effective filter
// k' = (k - 1) * dilation + 1: explicit padding gives floor((in + before + after - k') / stride) + 1 (ceil in
// ceil mode); SAME gives ceil(in / stride); VALID gives floor((in - k') / stride) + 1 (see Padding).
package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.MaxPool;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

public final class Conv {
    private Conv() {}

    /** The resolved window geometry of a 2-d op over an input (B, C, H, W). */
    static Unfold.Geometry geometry(String op, Tensor x, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding,
                                    boolean ceilMode) {
        if (x.rank() != 4) {
            throw new ShapeException(op + ": expected input (B, C, H, W), got " + x.shape());
        }
        Padding.Dim h = Padding.resolve(padding, 0, x.size(2), kh, sh, dh, ceilMode, op);
        Padding.Dim w = Padding.resolve(padding, 1, x.size(3), kw, sw, dw, ceilMode, op);
        return new Unfold.Geometry(x.size(1), x.size(2), x.size(3), kh, kw, sh, sw, dh, dw, h.before(), w.before(),
                h.out(), w.out());
    }

    /**
     * im2col as an op: every window of x laid out as a column. Shapes: x (B, C, H, W) -> (B, C * kH * kW, outH * outW).
     * Padding positions read {@code padValue} (0 for convolution and average pooling).
     */
    public static Tensor unfold(Tensor x, int[] kernel, int[] stride, int[] dilation, Padding padding, boolean ceilMode,
                                double padValue) {
        Checks.floating("unfold", x);
        Unfold.Geometry g = geometry("unfold", x, kernel[0], kernel[1], stride[0], stride[1], dilation[0], dilation[1],
                padding, ceilMode);
        Tensor out = Tensor.empty(x.dtype(), x.size(0), g.rows(), g.cols());
        return columns("unfold", x, g, out, g.rows() * g.cols(), g.cols(), padValue);
    }

    /**
     * im2col for a whole batch in one matrix, the layout a single GEMM per group needs. Shapes: x (B, C, H, W) ->
     * (C * kH * kW, B * outH * outW), image b in columns [b * L, (b + 1) * L). Gradient: col2im.
     */
    static Tensor batchColumns(Tensor x, Unfold.Geometry g) {
        int ldc = x.size(0) * g.cols();
        return columns("conv2d", x, g, Tensor.empty(x.dtype(), g.rows(), ldc), g.cols(), ldc, 0);
    }

    /**
     * Fills {@code out} with the windows of every image of x: image b's matrix starts at b * imageStride with rows
     * ldc apart. Records col2im, the same layout read back, as the gradient.
     */
    private static Tensor columns(String op, Tensor x, Unfold.Geometry g, Tensor out, int imageStride, int ldc,
                                  double padValue) {
        Tensor xc = Convert.dense(x);
        int batch = x.size(0);
        int imageSize = g.channels() * g.h() * g.w();
        dev.dendrite.kernels.Parallel.range(batch, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                switch (xc.storage()) {
                    case Storage.F32 s -> Unfold.unfold(g, s.data, xc.offset() + b * imageSize,
                            ((Storage.F32) out.storage()).data, b * imageStride, ldc, (float) padValue);
                    case Storage.F64 s -> Unfold.unfold(g, s.data, xc.offset() + b * imageSize,
                            ((Storage.F64) out.storage()).data, b * imageStride, ldc, padValue);
                    case Storage.I64 s -> throw new IllegalStateException("unreachable");
                }
            }
        });
        int[] inDims = x.dims();
        return Autograd.record(op, out, new Tensor[] {x}, grad -> {
            Tensor gc = grad.contiguous();
            Tensor dx = Tensor.zeros(grad.dtype(), inDims);
            dev.dendrite.kernels.Parallel.range(batch, 1, (from, to) -> {
                for (int b = from; b < to; b++) {
                    switch (gc.storage()) {
                        case Storage.F32 s -> Unfold.fold(g, s.data, gc.offset() + b * imageStride, ldc,
                                ((Storage.F32) dx.storage()).data, b * imageSize);
                        case Storage.F64 s -> Unfold.fold(g, s.data, gc.offset() + b * imageStride, ldc,
                                ((Storage.F64) dx.storage()).data, b * imageSize);
                        case Storage.I64 s -> throw new IllegalStateException("unreachable");
                    }
                }
            });
            return new Tensor[] {dx};
        });
    }

    /**
     * 2-d convolution (cross-correlation, as every framework computes it), as one GEMM per group over the whole
     * batch: W_g (C_out/G, K) x columns_g (K, B * L). Shapes: x (B, C_in, H, W),
     * weight (C_out, C_in / groups, kH, kW), bias (C_out) or null -> (B, C_out, outH, outW).
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        if (weight.rank() != 4) {
            throw new ShapeException("conv2d: weight must be (C_out, C_in / groups, kH, kW), got " + weight.shape());
        }
        if (x.rank() != 4) {
            throw new ShapeException("conv2d: expected input (B, C_in, H, W), got " + x.shape());
        }
        int cout = weight.size(0);
        int cinG = weight.size(1);
        if (groups < 1 || cout % groups != 0 || x.size(1) != cinG * groups) {
            throw new ShapeException("conv2d: input " + x.shape() + " has " + x.size(1) + " channels but weight "
                    + weight.shape() + " with groups=" + groups + " expects " + cinG * groups
                    + (cout % Math.max(groups, 1) != 0 ? " (and C_out " + cout + " is not divisible by groups)" : ""));
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != cout)) {
            throw new ShapeException("conv2d: bias must be (" + cout + "), got " + bias.shape());
        }
        Checks.floating("conv2d", x);
        Unfold.Geometry g = geometry("conv2d", x, weight.size(2), weight.size(3), stride[0], stride[1], dilation[0],
                dilation[1], padding, false);
        int batch = x.size(0);
        int k = cinG * weight.size(2) * weight.size(3);
        Tensor cols = batchColumns(x, g).reshape(groups, k, batch * g.cols()); // (G, K, B*L)
        Tensor w = weight.reshape(groups, cout / groups, k); // (G, C_out/G, K)
        Tensor out = w.matmul(cols) // (G, C_out/G, B*L)
                .reshape(cout, batch, g.outH(), g.outW()).permute(1, 0, 2, 3); // (B, C_out, outH, outW)
        return bias == null ? out.contiguous() : out.add(bias.reshape(1, cout, 1, 1));
    }

    /** 1-d convolution. Shapes: x (B, C_in, L), weight (C_out, C_in / groups, k), bias (C_out) or null -> (B, C_out, outL). */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, Padding padding, int dilation, int groups) {
        if (x.rank() != 3 || weight.rank() != 3) {
            throw new ShapeException("conv1d: expected input (B, C_in, L) and weight (C_out, C_in / groups, k), got "
                    + x.shape() + " and " + weight.shape());
        }
        return conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, to2d(padding),
                new int[] {1, dilation}, groups).squeeze(2);
    }

    /** A 1-d padding as the width padding of a height-1 image. */
    static Padding to2d(Padding p) {
        return switch (p) {
            case Padding.Explicit e -> new Padding.Explicit(new int[] {0, e.before()[0]}, new int[] {0, e.after()[0]});
            default -> p;
        };
    }

    /**
     * Max pooling as one kernel that remembers each window's winner; the gradient goes to the first maximum of
     * each window, as in PyTorch. Padding never wins. Shapes: x (B, C, H, W) -> (B, C, outH, outW).
     */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, Padding padding, boolean ceilMode) {
        Checks.floating("maxPool2d", x);
        Unfold.Geometry g = geometry("maxPool2d", x, kernel[0], kernel[1], stride[0], stride[1], 1, 1, padding, ceilMode);
        int planes = x.size(0) * x.size(1);
        int outPlane = g.outH() * g.outW();
        Tensor xc = Convert.dense(x);
        Tensor out = Tensor.empty(x.dtype(), x.size(0), x.size(1), g.outH(), g.outW());
        int[] argmax = new int[planes * outPlane];
        switch (xc.storage()) {
            case Storage.F32 s -> MaxPool.forward(g, planes, s.data, xc.offset(), ((Storage.F32) out.storage()).data, argmax);
            case Storage.F64 s -> MaxPool.forward(g, planes, s.data, xc.offset(), ((Storage.F64) out.storage()).data, argmax);
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
        int[] inDims = x.dims();
        int plane = g.h() * g.w();
        return Autograd.record("maxPool2d", out, new Tensor[] {x}, grad -> {
            Tensor gc = grad.contiguous();
            Tensor dx = Tensor.zeros(grad.dtype(), inDims);
            switch (gc.storage()) {
                case Storage.F32 s -> MaxPool.backward(planes, plane, outPlane, s.data, gc.offset(), argmax,
                        ((Storage.F32) dx.storage()).data);
                case Storage.F64 s -> MaxPool.backward(planes, plane, outPlane, s.data, gc.offset(), argmax,
                        ((Storage.F64) dx.storage()).data);
                case Storage.I64 s -> throw new IllegalStateException("unreachable");
            }
            return new Tensor[] {dx};
        });
    }

    /**
     * Average pooling. With explicit padding the padded zeros count in the average (PyTorch's default
     * count_include_pad); with SAME only real elements count (TensorFlow's rule); the ceil-mode overhang never counts.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, Padding padding, boolean ceilMode) {
        Unfold.Geometry g = geometry("avgPool2d", x, kernel[0], kernel[1], stride[0], stride[1], 1, 1, padding, ceilMode);
        int b = x.size(0);
        int c = x.size(1);
        Tensor sums = unfold(x.reshape(b * c, 1, x.size(2), x.size(3)), kernel, stride, new int[] {1, 1}, padding, ceilMode, 0)
                .sum(new int[] {1}, false); // (B*C, L)
        boolean includePad = padding instanceof Padding.Explicit;
        int[] lo = {includePad ? -g.padTop() : 0, includePad ? -g.padLeft() : 0};
        int[] hi = {x.size(2) + (includePad ? ((Padding.Explicit) padding).after()[0] : 0),
                x.size(3) + (includePad ? ((Padding.Explicit) padding).after()[1] : 0)};
        double[] count = new double[g.cols()];
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                int h0 = oh * stride[0] - g.padTop();
                int w0 = ow * stride[1] - g.padLeft();
                int rows = Math.min(h0 + kernel[0], hi[0]) - Math.max(h0, lo[0]);
                int cols = Math.min(w0 + kernel[1], hi[1]) - Math.max(w0, lo[1]);
                count[oh * g.outW() + ow] = Math.max(rows, 0) * Math.max(cols, 0);
            }
        }
        return sums.div(Tensor.fromArray(count).to(x.dtype())).reshape(b, c, g.outH(), g.outW());
    }
}

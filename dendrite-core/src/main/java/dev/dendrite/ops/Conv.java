// Convolution and pooling on (B, C, H, W) tensors (and 1-d on (B, C, L)), built from one differentiable im2col
// op (unfold, whose gradient is col2im) and the fast GEMM. Output size per spatial dim, with effective filter
// k' = (k - 1) * dilation + 1: explicit padding gives floor((in + before + after - k') / stride) + 1 (ceil in
// ceil mode); SAME gives ceil(in / stride); VALID gives floor((in - k') / stride) + 1 (see Padding).
package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
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
}

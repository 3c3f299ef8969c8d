package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.ConvKernels;
import dev.dendrite.kernels.ConvLoops;
import dev.dendrite.kernels.PlaneConv;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.kernels.Winograd;
import dev.dendrite.kernels.Winograd5;
import dev.dendrite.kernels.WinogradRows;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Convolution on (B, C, H, W) tensors (and 1-d on (B, C, L)) as one fused op per call: ConvLoops (im2col per image
 * into a small buffer, then the GEMM; backward recomputes the columns) or, in float32, Winograd F(2x2, 3x3) for
 * 3 x 3 stride-1 layers, F(2x2, 5x5) for 5 x 5 ones, and LaneConv (direct, the batch in the vector lanes) for
 * batches of small ones. Also unfold, im2col as a differentiable op of its own (gradient col2im), which average
 * pooling builds on. Output size per spatial dim, with effective filter k' = (k - 1) * dilation + 1: explicit
 * padding gives floor((in + before + after - k') / stride) + 1 (ceil in ceil mode); SAME gives ceil(in / stride);
 * VALID gives floor((in - k') / stride) + 1 (see Padding).
 */
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
        return columns(x, g, out, padValue);
    }

    /**
     * Fills {@code out} (B, C * kH * kW, outH * outW) with the windows of every image of x. Records col2im, the same
     * layout read back, as the gradient.
     */
    private static Tensor columns(Tensor x, Unfold.Geometry g, Tensor out, double padValue) {
        int ldc = g.cols();
        int imageStride = g.rows() * ldc;
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
        return Autograd.record("unfold", out, new Tensor[] {x}, grad -> {
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
     * 2-d convolution (cross-correlation, as every framework computes it): per image and group, W_g (C_out/G, K)
     * times the image's columns (K, L), written straight into the output. Shapes: x (B, C_in, H, W),
     * weight (C_out, C_in / groups, kH, kW), bias (C_out) or null -> (B, C_out, outH, outW).
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return conv2d(x, weight, bias, stride, padding, dilation, groups, Path.CHOSEN);
    }

    /**
     * The kernels of a float32 convolution: chosen by shape, or one forced so that tests run every path on the same
     * small inputs (float64 always runs ConvLoops, the reference).
     */
    enum Path {
        /**
         * By shape: Winograd (3 x 3 or 5 x 5 stride 1, enough channels), LaneConv (batches of small layers), one
         * matrix product (a window over the whole image), PlaneConv (small stride-1 calls, e.g. batch-1
         * inference), or ConvLoops.
         */
        CHOSEN,
        /** LaneConv: direct, the batch in the vector lanes. */
        LANES,
        /** ConvLoops: im2col per image and GEMM. */
        COLUMNS,
        /** Winograd F(2x2, 3x3) (3 x 3, stride 1, no dilation, one group only). */
        WINOGRAD,
        /** Winograd F(2x2, 5x5) (5 x 5, stride 1, no dilation, one group only). */
        WINOGRAD5,
        /** One matrix product over the batch (a window over the whole unpadded image, one group only). */
        MATRIX,
        /** PlaneConv: direct, output positions in the vector lanes, im2col's backward (stride 1 only). */
        PLANE
    }

    /** {@link #conv2d} on the given path. */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups,
                         Path path) {
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
        Checks.sameDType("conv2d", x, weight);
        if (bias != null) {
            Checks.sameDType("conv2d", x, bias);
        }
        Unfold.Geometry g = geometry("conv2d", x, weight.size(2), weight.size(3), stride[0], stride[1], dilation[0],
                dilation[1], padding, false);
        ConvLoops.Dims d = new ConvLoops.Dims(x.size(0), groups, cout / groups, cinG * weight.size(2) * weight.size(3),
                g.cols(), x.size(1) * x.size(2) * x.size(3));
        Path chosen = x.dtype() != DType.FLOAT32 ? Path.COLUMNS
                : path != Path.CHOSEN ? path
                // Where both could run, LaneConv won below 64 channels (batch 64, 16 -> 16 at 28 x 28: 1.45x
                // Winograd's speed) and Winograd from 64 on (64 -> 64 at 28 x 28: 1.64x LaneConv's).
                : Winograd.suits(g, d) && (!LaneConv.suits(d) || Math.min(g.channels(), cout) >= 64) ? Path.WINOGRAD
                : Winograd5.suits(g, d) && (!LaneConv.suits(d) || Math.min(g.channels(), cout) >= 64) ? Path.WINOGRAD5
                : LaneConv.suits(d) ? Path.LANES
                // DCGAN's last discriminator layer (batch 64, 128 -> 1 over 7 x 7): 1.15 ms forward+backward as
                // one product, 3.2-9.9 ms as columns (session 13).
                : wholeImage(g, groups) ? Path.MATRIX
                // alexnet-small at batch 1: 1.08-1.86x the columns' speed per layer (session 14).
                : PlaneConv.suits(g, d) ? Path.PLANE
                : Path.COLUMNS;
        if (chosen == Path.LANES) {
            return LaneConv.conv2d(x, weight, bias, g, d);
        }
        if (chosen == Path.MATRIX) {
            if (!wholeImage(g, groups)) {
                throw new IllegalArgumentException("conv2d: the matrix path computes windows over the whole unpadded"
                        + " image in one group only");
            }
            Tensor y = x.reshape(d.batch(), d.k()).matmul(weight.reshape(cout, d.k()).t());
            return (bias == null ? y : y.add(bias)).reshape(d.batch(), cout, 1, 1);
        }
        if (chosen == Path.PLANE && !PlaneConv.computes(g)) {
            throw new IllegalArgumentException("conv2d: the plane path computes stride-1 convolutions only");
        }
        if (chosen == Path.WINOGRAD && !Winograd.computes(g, d)) {
            throw new IllegalArgumentException("conv2d: the Winograd path computes 3 x 3 stride-1 convolutions of one"
                    + " group only");
        }
        if (chosen == Path.WINOGRAD5 && !Winograd5.computes(g, d)) {
            throw new IllegalArgumentException("conv2d: the Winograd F(2x2, 5x5) path computes 5 x 5 stride-1"
                    + " convolutions of one group only");
        }
        Tensor xc = Convert.dense(x);
        Tensor wc = Convert.dense(weight);
        Tensor bc = bias == null ? null : Convert.dense(bias);
        Tensor out = Tensor.empty(x.dtype(), d.batch(), cout, g.outH(), g.outW());
        int bOff = bc == null ? 0 : bc.offset();
        float[] filters = chosen == Path.WINOGRAD ? Winograd.filters(f32(wc), wc.offset(), cout, cinG) : null;
        switch (xc.storage()) {
            case Storage.F32 s when chosen == Path.WINOGRAD && WinogradRows.suits(g) -> WinogradRows.forward(g, d,
                    s.data, xc.offset(), filters, f32(bc), bOff, f32(out));
            case Storage.F32 s when chosen == Path.WINOGRAD -> Winograd.forward(g, d, s.data, xc.offset(), filters,
                    f32(bc), bOff, f32(out));
            case Storage.F32 s when chosen == Path.WINOGRAD5 -> Winograd5.forward(g, d, s.data, xc.offset(), f32(wc),
                    wc.offset(), f32(bc), bOff, f32(out));
            case Storage.F32 s when chosen == Path.PLANE -> PlaneConv.forward(g, d, s.data, xc.offset(), f32(wc),
                    wc.offset(), f32(bc), bOff, f32(out));
            case Storage.F32 s -> ConvLoops.forward(ConvKernels.FAST, g, d, s.data, xc.offset(), f32(wc), wc.offset(),
                    f32(bc), bOff, f32(out));
            case Storage.F64 s -> ConvLoops.forward(ConvKernels.REFERENCE, g, d, s.data, xc.offset(), f64(wc),
                    wc.offset(), f64(bc), bOff, f64(out));
            case Storage.I64 s -> throw new IllegalStateException("unreachable: conv2d checked for floating input");
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        SavedTensor[] saved = {new SavedTensor("conv2d", xc), new SavedTensor("conv2d", wc)};
        return Autograd.record("conv2d", out, inputs, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dx = x.requiresGrad() ? Tensor.zeros(grad.dtype(), x.dims()) : null;
            Tensor dw = weight.requiresGrad() ? Tensor.zeros(grad.dtype(), weight.dims()) : null;
            Tensor db = bias != null && bias.requiresGrad() ? Tensor.zeros(grad.dtype(), cout) : null;
            Tensor xs = saved[0].get();
            Tensor ws = saved[1].get();
            switch (xs.storage()) {
                case Storage.F32 s when chosen == Path.WINOGRAD -> {
                    boolean dxByRows = dx != null && WinogradRows.suitsInputGradient(g);
                    boolean dwByRows = dw != null && WinogradRows.suits(g);
                    if (dxByRows) {
                        WinogradRows.inputGradient(g, d, f32(ws), ws.offset(), f32(dy), dy.offset(), f32(dx));
                    }
                    if (dwByRows) {
                        WinogradRows.filterGradient(g, d, s.data, xs.offset(), f32(dy), dy.offset(), f32(dw));
                    }
                    Winograd.backward(g, d, s.data, xs.offset(), filters, f32(dy), dy.offset(),
                            dxByRows ? null : f32(dx), dwByRows ? null : f32(dw), f32(db));
                }
                case Storage.F32 s when chosen == Path.WINOGRAD5 -> {
                    boolean dxByWinograd = dx != null && Winograd5.suitsInputGradient(g);
                    if (dxByWinograd) {
                        Winograd5.inputGradient(g, d, f32(ws), ws.offset(), f32(dy), dy.offset(), f32(dx));
                    }
                    if (dw != null) {
                        Winograd5.filterGradient(g, d, s.data, xs.offset(), f32(dy), dy.offset(), f32(dw));
                    }
                    ConvLoops.backward(ConvKernels.FAST, g, d, s.data, xs.offset(), f32(ws), ws.offset(), f32(dy),
                            dy.offset(), dxByWinograd ? null : f32(dx), null, f32(db));
                }
                case Storage.F32 s -> ConvLoops.backward(ConvKernels.FAST, g, d, s.data, xs.offset(), f32(ws),
                        ws.offset(), f32(dy), dy.offset(), f32(dx), f32(dw), f32(db));
                case Storage.F64 s -> ConvLoops.backward(ConvKernels.REFERENCE, g, d, s.data, xs.offset(), f64(ws),
                        ws.offset(), f64(dy), dy.offset(), f64(dx), f64(dw), f64(db));
                case Storage.I64 s -> throw new IllegalStateException("unreachable: conv2d checked for floating input");
            }
            Autograd.handOver(dx);
            Autograd.handOver(dw);
            Autograd.handOver(db);
            return bias == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
        });
    }

    /** Whether the convolution has one output position whose window is the whole unpadded image, in one group. */
    static boolean wholeImage(Unfold.Geometry g, int groups) {
        return groups == 1 && g.outH() == 1 && g.outW() == 1 && g.padTop() == 0 && g.padLeft() == 0
                && g.kh() == g.h() && g.kw() == g.w();
    }

    /** The float array behind a dense float32 tensor (read from its offset), or null for null. */
    static float[] f32(Tensor t) {
        return t == null ? null : ((Storage.F32) t.storage()).data;
    }

    static double[] f64(Tensor t) {
        return t == null ? null : ((Storage.F64) t.storage()).data;
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
     * The second half of a 1-d convolution computed as one GEMM per batch of time steps (channels last): given
     * {@code taps} = x @ [W_0 | W_1 | ... | W_{k-1}], the products of each step with each filter tap, sums tap j of
     * step t + j into output step t: out[b, t, c] = sum_j taps[b, t + j, j * C + c] (valid positions only).
     * Shapes: taps (B, T, k * C) -> (B, T - k + 1, C).
     */
    public static Tensor tapSum(Tensor taps, int kernel) {
        if (taps.rank() != 3 || kernel < 1 || taps.size(2) % kernel != 0 || taps.size(1) < kernel
                || !taps.dtype().isFloating()) {
            throw new ShapeException("tapSum: expected floating taps (B, T, k * C) with T >= k = " + kernel
                    + ", got " + taps.dtype() + " " + taps.shape());
        }
        int batch = taps.size(0);
        int steps = taps.size(1);
        int width = taps.size(2);
        int channels = width / kernel;
        int out = steps - kernel + 1;
        Tensor src = taps.contiguous();
        Tensor y = Tensor.zeros(taps.dtype(), batch, out, channels);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                int to = (b * out + t) * channels;
                for (int j = 0; j < kernel; j++) {
                    Index.addRun(src, src.offset() + (b * steps + t + j) * width + j * channels, y, to, channels);
                }
            }
        }
        return Autograd.record("tapSum", y, new Tensor[] {taps}, g -> {
            Tensor gc = g.contiguous();
            Tensor grad = Tensor.zeros(g.dtype(), batch, steps, width);
            Object from = gc.storage().array();
            Object to = grad.storage().array();
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < out; t++) {
                    for (int j = 0; j < kernel; j++) {
                        System.arraycopy(from, gc.offset() + (b * out + t) * channels, to,
                                (b * steps + t + j) * width + j * channels, channels);
                    }
                }
            }
            return new Tensor[] {grad};
        });
    }
}

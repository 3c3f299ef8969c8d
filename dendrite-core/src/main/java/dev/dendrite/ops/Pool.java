package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.MaxPool;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Pooling on (B, C, H, W) tensors (and 1-d on (B, C, L)): max and average pooling over sliding windows (kernel,
 * stride, explicit / SAME / VALID padding, ceil mode; overlapping when kernel &gt; stride), and adaptive pooling to
 * a fixed output size (output 1 is global pooling). Window output sizes follow Conv's formula.
 */
public final class Pool {
    private Pool() {}

    /**
     * Max pooling as one kernel that remembers each window's winner; the gradient goes to the first maximum of
     * each window, as in PyTorch. Padding never wins. Shapes: x (B, C, H, W) -> (B, C, outH, outW).
     */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, Padding padding, boolean ceilMode) {
        Checks.floating("maxPool2d", x);
        if (padding instanceof Padding.Explicit e) {
            for (int d = 0; d < 2; d++) {
                if (Math.max(e.before()[d], e.after()[d]) > kernel[d] / 2) {
                    throw new ShapeException("maxPool2d: padding " + java.util.Arrays.toString(e.before()) + " / "
                            + java.util.Arrays.toString(e.after()) + " exceeds half the " + kernel[0] + " x " + kernel[1]
                            + " window, so a window could hold padding only; pad at most " + kernel[d] / 2
                            + " (as PyTorch)");
                }
            }
        }
        Unfold.Geometry g = Conv.geometry("maxPool2d", x, kernel[0], kernel[1], stride[0], stride[1], 1, 1, padding, ceilMode);
        int planes = x.size(0) * x.size(1);
        int outPlane = g.outH() * g.outW();
        Tensor xc = Convert.dense(x);
        Tensor out = Tensor.empty(x.dtype(), x.size(0), x.size(1), g.outH(), g.outW());
        if (!Autograd.needsGrad(x) && xc.storage() instanceof Storage.F32 s) {
            MaxPool.forwardValues(g, planes, s.data, xc.offset(), ((Storage.F32) out.storage()).data);
            return out;
        }
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
        Unfold.Geometry g = Conv.geometry("avgPool2d", x, kernel[0], kernel[1], stride[0], stride[1], 1, 1, padding, ceilMode);
        int b = x.size(0);
        int c = x.size(1);
        Tensor sums = Conv.unfold(x.reshape(b * c, 1, x.size(2), x.size(3)), kernel, stride, new int[] {1, 1}, padding, ceilMode, 0)
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

    /** 1-d max pooling as the width pooling of a height-1 image. Shapes: x (B, C, L) -> (B, C, outL). */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, Padding padding, boolean ceilMode) {
        check1d("maxPool1d", x);
        return maxPool2d(x.unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride}, Conv.to2d(padding), ceilMode)
                .squeeze(2);
    }

    /** 1-d average pooling, with avgPool2d's rule for which padding counts. Shapes: x (B, C, L) -> (B, C, outL). */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, Padding padding, boolean ceilMode) {
        check1d("avgPool1d", x);
        return avgPool2d(x.unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride}, Conv.to2d(padding), ceilMode)
                .squeeze(2);
    }

    /**
     * Adaptive average pooling with PyTorch's bins: output cell i covers input rows floor(i * H / outH) ..
     * ceil((i + 1) * H / outH) (likewise columns), so bins may overlap. Shapes: x (B, C, H, W) -> (B, C, outH, outW).
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return adaptive("adaptiveAvgPool2d", x, outH, outW, (t, dims) -> t.mean(dims, false));
    }

    /** Adaptive max pooling with the same bins as adaptiveAvgPool2d; the gradient goes to each bin's maximum. */
    public static Tensor adaptiveMaxPool2d(Tensor x, int outH, int outW) {
        return adaptive("adaptiveMaxPool2d", x, outH, outW, (t, dims) -> t.max(dims, false));
    }

    private static Tensor adaptive(String op, Tensor x, int outH, int outW, BiFunction<Tensor, int[], Tensor> reduce) {
        if (x.rank() != 4) {
            throw new ShapeException(op + ": expected input (B, C, H, W), got " + x.shape());
        }
        if (outH < 1 || outW < 1) {
            throw new ShapeException(op + ": output size must be positive, got " + outH + "x" + outW);
        }
        int h = x.size(2);
        int w = x.size(3);
        if (h % outH == 0 && w % outW == 0) {
            // Equal, disjoint bins: a reshape and one reduction.
            return reduce.apply(x.reshape(x.size(0), x.size(1), outH, h / outH, outW, w / outW), new int[] {3, 5});
        }
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < outH; i++) {
            int h0 = Math.floorDiv(i * h, outH);
            int h1 = -Math.floorDiv(-(i + 1) * h, outH);
            List<Tensor> cells = new ArrayList<>();
            for (int j = 0; j < outW; j++) {
                int w0 = Math.floorDiv(j * w, outW);
                int w1 = -Math.floorDiv(-(j + 1) * w, outW);
                cells.add(reduce.apply(x.narrow(2, h0, h1 - h0).narrow(3, w0, w1 - w0), new int[] {2, 3}));
            }
            rows.add(Tensor.stack(cells, 2)); // (B, C, outW)
        }
        return Tensor.stack(rows, 2); // (B, C, outH, outW)
    }

    private static void check1d(String op, Tensor x) {
        if (x.rank() != 3) {
            throw new ShapeException(op + ": expected input (B, C, L), got " + x.shape());
        }
    }
}

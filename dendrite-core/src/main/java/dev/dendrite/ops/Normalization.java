package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.FastLayerNorm;
import dev.dendrite.kernels.ReferenceLayerNorm;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Layer normalisation as one fused op: y = (x - mean) / sqrt(var + eps) * weight + bias over the last dims of each
 * sample (biased variance, as PyTorch). Forward keeps only the per-row mean and 1/std; backward computes dx, dweight
 * and dbias in one pass (kernels.FastLayerNorm) instead of the dozen nodes of the composed form.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Normalises over the last {@code dims} dims. Shapes: x (..., *normalized), weight and bias (*normalized) or
     * null -> x's shape.
     */
    public static Tensor layerNorm(Tensor x, int dims, Tensor weight, Tensor bias, double eps) {
        Checks.floating("layerNorm", x);
        if (dims < 1 || dims > x.rank()) {
            throw new ShapeException("layerNorm: cannot normalise over the last " + dims + " dims of an input of shape "
                    + x.shape());
        }
        int[] normalized = java.util.Arrays.copyOfRange(x.dims(), x.rank() - dims, x.rank());
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null) {
                Checks.sameDType("layerNorm", x, t);
                if (!java.util.Arrays.equals(t.dims(), normalized)) {
                    throw new ShapeException("layerNorm: weight and bias must have the normalised shape "
                            + java.util.Arrays.toString(normalized) + ", got " + t.shape());
                }
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layerNorm: eps must be > 0, got " + eps);
        }
        int n = java.util.Arrays.stream(normalized).reduce(1, (a, c) -> a * c);
        int rows = n == 0 ? 0 : x.numel() / n;
        Tensor xd = Convert.dense(x.detach());
        Tensor w = weight == null ? null : Convert.dense(weight.detach());
        Tensor b = bias == null ? null : Convert.dense(bias.detach());
        Tensor y = Tensor.empty(x.dtype(), x.dims());
        Tensor mean = Tensor.empty(x.dtype(), rows);
        Tensor rstd = Tensor.empty(x.dtype(), rows);
        if (xd.storage() instanceof Storage.F32 s) {
            FastLayerNorm.forward(s.data, xd.offset(), rows, n, f32(w), off(w), f32(b), off(b), (float) eps, f32(y),
                    f32(mean), f32(rstd));
        } else {
            ReferenceLayerNorm.forward(f64(xd), xd.offset(), rows, n, f64(w), off(w), f64(b), off(b), eps, f64(y),
                    f64(mean), f64(rstd));
        }
        SavedTensor[] saved = {new SavedTensor("layerNorm", xd), new SavedTensor("layerNorm", mean),
                new SavedTensor("layerNorm", rstd)};
        boolean affine = weight != null || bias != null;
        return Autograd.record("layerNorm", y, new Tensor[] {x, weight, bias}, saved, grad -> {
            Tensor dy = Convert.dense(grad);
            Tensor xs = saved[0].get();
            Tensor dx = Tensor.empty(x.dtype(), x.dims());
            Tensor dw = affine ? Tensor.empty(x.dtype(), normalized) : null;
            Tensor db = affine ? Tensor.empty(x.dtype(), normalized) : null;
            if (xs.storage() instanceof Storage.F32 s) {
                FastLayerNorm.backward(s.data, xs.offset(), rows, n, f32(w), off(w), f32(saved[1].get()),
                        f32(saved[2].get()), f32(dy), dy.offset(), f32(dx), f32(dw), f32(db));
            } else {
                ReferenceLayerNorm.backward(f64(xs), xs.offset(), rows, n, f64(w), off(w), f64(saved[1].get()),
                        f64(saved[2].get()), f64(dy), dy.offset(), f64(dx), f64(dw), f64(db));
            }
            return new Tensor[] {dx, weight == null ? null : dw, bias == null ? null : db};
        });
    }

    private static float[] f32(Tensor t) {
        return t == null ? null : ((Storage.F32) t.storage()).data;
    }

    private static double[] f64(Tensor t) {
        return t == null ? null : ((Storage.F64) t.storage()).data;
    }

    private static int off(Tensor t) {
        return t == null ? 0 : t.offset();
    }
}

// softmax(x)_i = exp(x_i - max) / sum_j exp(x_j - max) and its logarithm along one dim, as fused kernels.
// Backward: softmax dx = y * (g - sum(g * y)); logSoftmax dx = g - exp(y) * sum(g).
package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.FastSoftmax;
import dev.dendrite.kernels.ReferenceSoftmax;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

public final class Softmax {
    private Softmax() {}

    public static Tensor softmax(Tensor x, int dim) {
        return run("softmax", false, x, dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return run("logSoftmax", true, x, dim);
    }

    private static Tensor run(String op, boolean log, Tensor x, int dim) {
        Checks.floating(op, x);
        if (x.rank() == 0) {
            return run(op, log, x.reshape(1), 0).reshape();
        }
        int d = x.shape().normalizeDim(dim, op);
        Tensor moved = Convert.dense(Views.transpose(x.detach(), d, -1));
        int n = x.size(d);
        int rows = n == 0 ? 0 : x.numel() / n;
        Tensor out = Tensor.empty(x.dtype(), moved.dims());
        if (moved.storage() instanceof Storage.F32 s) {
            FastSoftmax.apply(log, s.data, moved.offset(), rows, n, ((Storage.F32) out.storage()).data);
        } else {
            ReferenceSoftmax.apply(log, ((Storage.F64) moved.storage()).data, moved.offset(), rows, n,
                    ((Storage.F64) out.storage()).data);
        }
        Tensor y = Views.transpose(out, d, -1);
        SavedTensor sy = new SavedTensor(op, y);
        int[] dims = {d};
        return Autograd.record(op, y, new Tensor[] {x}, new SavedTensor[] {sy}, g -> {
            Tensor yv = sy.get();
            Tensor dx = log ? g.sub(yv.exp().mul(g.sum(dims, true)))
                    : yv.mul(g.sub(g.mul(yv).sum(dims, true)));
            return new Tensor[] {dx};
        });
    }
}

package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.FastSoftmax;
import dev.dendrite.kernels.ReferenceSoftmax;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * softmax(x)_i = exp(x_i - max) / sum_j exp(x_j - max) and its logarithm along one dim, as fused kernels. Backward:
 * softmax dx = y * (g - sum(g * y)); logSoftmax dx = g - exp(y) * sum(g). crossEntropy fuses logSoftmax with
 * picking each row's target: loss_i = -w_i log softmax(x_i)[t_i], backward dx_i = g_i w_i (softmax(x_i) -
 * onehot(t_i)), one node instead of the half dozen of the composed form.
 */
public final class Softmax {
    private Softmax() {}

    public static Tensor softmax(Tensor x, int dim) {
        return run("softmax", false, x, dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return run("logSoftmax", true, x, dim);
    }

    /**
     * Per-row weighted cross-entropy of logits: loss_i = -weights[i] * log softmax(x_i)[target[i]], stable for any
     * magnitude (it reads log-softmax, never a probability's logarithm). A row with weight 0 (an ignored target)
     * gets loss 0 and no gradient. Shapes: logits (N, C), target and weights of length N -> (N).
     */
    public static Tensor crossEntropy(Tensor logits, long[] target, double[] weights) {
        Checks.floating("crossEntropy", logits);
        if (logits.rank() != 2 || target.length != logits.size(0) || weights.length != logits.size(0)) {
            throw new ShapeException("crossEntropy: expected logits (N, C) with N targets and weights, got "
                    + logits.shape() + ", " + target.length + " targets and " + weights.length + " weights");
        }
        int rows = logits.size(0);
        int classes = logits.size(1);
        for (int i = 0; i < rows; i++) {
            if (weights[i] != 0 && (target[i] < 0 || target[i] >= classes)) {
                throw new ShapeException("crossEntropy: target " + target[i] + " of row " + i + " is out of range for "
                        + classes + " classes");
            }
        }
        Tensor logp = run("crossEntropy", true, logits.detach(), 1); // detached: records no node of its own
        double[] loss = new double[rows];
        for (int i = 0; i < rows; i++) {
            loss[i] = weights[i] == 0 ? 0 : -weights[i] * logp.storage().get(i * classes + (int) target[i]);
        }
        Tensor out = Tensor.fromArray(loss, rows).to(logits.dtype());
        SavedTensor saved = new SavedTensor("crossEntropy", logp);
        return Autograd.record("crossEntropy", out, new Tensor[] {logits}, new SavedTensor[] {saved}, g -> {
            Tensor probs = saved.get().exp(); // (N, C), a fresh tensor we may write
            double[] scale = new double[rows];
            Tensor gc = g.contiguous();
            for (int i = 0; i < rows; i++) {
                scale[i] = gc.storage().get(gc.offset() + i) * weights[i];
                if (weights[i] != 0) {
                    int at = i * classes + (int) target[i];
                    probs.storage().set(at, probs.storage().get(at) - 1);
                }
            }
            return new Tensor[] {probs.mul(Tensor.fromArray(scale, rows, 1).to(probs.dtype()))};
        });
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

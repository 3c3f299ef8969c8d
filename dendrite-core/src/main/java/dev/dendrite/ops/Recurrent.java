package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.RecurrentCells;
import dev.dendrite.kernels.RecurrentLoops;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Fused Elman, LSTM and GRU layers: one op runs a whole sequence for one layer and direction, so the graph holds
 * one node instead of a dozen per step. The input projections x W_ih^T + b_ih of every step come in precomputed
 * (one GEMM by the caller); per step the op adds h_{t-1} W_hh^T with one GEMM and applies the gates in one pass,
 * and backward runs the steps in reverse and computes dW_hh with a single GEMM over all steps
 * (kernels.RecurrentLoops). An optional mask (B, T) marks real steps (non-zero) and padding (zero): a padded step
 * leaves the state as it was and receives no gradient, so padded batches behave as PyTorch's packed sequences.
 */
public final class Recurrent {
    private Recurrent() {}

    /**
     * Every step's hidden state of one Elman layer: h_t = tanh(xProj_t + h_{t-1} W_hh^T), or ReLU.
     * Shapes: xProj (B, T, H) = x W_ih^T + b_ih + b_hh, wHh (H, H), h0 (B, H), mask (B, T) or null -> (B, T, H).
     */
    public static Tensor rnn(Tensor xProj, Tensor wHh, Tensor h0, Tensor mask, boolean relu) {
        RecurrentLoops.Dims d = check("rnn", 1, xProj, wHh, mask, h0);
        Tensor xp = Convert.dense(xProj);
        Tensor w = Convert.dense(wHh);
        Tensor hInit = Convert.dense(h0);
        boolean[] valid = valid(mask, d);
        Tensor y = Tensor.empty(xProj.dtype(), d.b(), d.t(), d.h());
        RecurrentLoops.rnnForward(cells(xp), d, valid, relu, data(xp), xp.offset(), data(w), w.offset(), data(hInit),
                hInit.offset(), data(y));
        SavedTensor[] saved = {new SavedTensor("rnn", w), new SavedTensor("rnn", hInit), new SavedTensor("rnn", y)};
        return Autograd.record("rnn", y, new Tensor[] {xProj, wHh, h0}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dxp = Tensor.zeros(grad.dtype(), d.b(), d.t(), d.h());
            Tensor dwT = Tensor.empty(grad.dtype(), d.h(), d.h());
            Tensor dh0 = Tensor.zeros(grad.dtype(), d.b(), d.h());
            Tensor ws = saved[0].get();
            Tensor hs = saved[1].get();
            RecurrentLoops.rnnBackward(cells(dy), d, valid, relu, data(ws), ws.offset(), data(hs), hs.offset(),
                    data(saved[2].get()), data(dy), dy.offset(), data(dxp), data(dwT), data(dh0));
            return new Tensor[] {dxp, dwT.transpose(0, 1).contiguous(), dh0};
        });
    }

    /**
     * Every step's hidden and cell state of one LSTM layer (PyTorch's gate order i, f, g, o).
     * Shapes: xProj (B, T, 4H) = x W_ih^T + b_ih + b_hh, wHh (4H, H), h0 and c0 (B, H), mask (B, T) or null
     * -> (B, T, 2H) holding h_t in [..., :H] and c_t in [..., H:].
     */
    public static Tensor lstm(Tensor xProj, Tensor wHh, Tensor h0, Tensor c0, Tensor mask) {
        RecurrentLoops.Dims d = check("lstm", 4, xProj, wHh, mask, h0, c0);
        Tensor xp = Convert.dense(xProj);
        Tensor w = Convert.dense(wHh);
        Tensor hInit = Convert.dense(h0);
        Tensor cInit = Convert.dense(c0);
        boolean[] valid = valid(mask, d);
        Tensor y = Tensor.empty(xProj.dtype(), d.b(), d.t(), 2 * d.h());
        Tensor act = Tensor.empty(xProj.dtype(), d.b(), d.t(), 4 * d.h());
        RecurrentLoops.lstmForward(cells(xp), d, valid, data(xp), xp.offset(), data(w), w.offset(), data(hInit),
                hInit.offset(), data(cInit), cInit.offset(), data(y), data(act));
        SavedTensor[] saved = {new SavedTensor("lstm", w), new SavedTensor("lstm", hInit), new SavedTensor("lstm", cInit),
                new SavedTensor("lstm", y), new SavedTensor("lstm", act)};
        return Autograd.record("lstm", y, new Tensor[] {xProj, wHh, h0, c0}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dxp = Tensor.zeros(grad.dtype(), d.b(), d.t(), 4 * d.h());
            Tensor dwT = Tensor.empty(grad.dtype(), d.h(), 4 * d.h()); // W_hh's gradient transposed: a wider GEMM
            Tensor dh0 = Tensor.zeros(grad.dtype(), d.b(), d.h());
            Tensor dc0 = Tensor.zeros(grad.dtype(), d.b(), d.h());
            Tensor ws = saved[0].get();
            Tensor hs = saved[1].get();
            Tensor cs = saved[2].get();
            RecurrentLoops.lstmBackward(cells(dy), d, valid, data(ws), ws.offset(), data(hs), hs.offset(), data(cs),
                    cs.offset(), data(saved[3].get()), data(saved[4].get()), data(dy), dy.offset(), data(dxp),
                    data(dwT), data(dh0), data(dc0));
            return new Tensor[] {dxp, dwT.transpose(0, 1).contiguous(), dh0, dc0};
        });
    }

    /**
     * Every step's hidden state of one GRU layer (PyTorch's gate order r, z, n; b_hn stays inside r * (...)).
     * Shapes: xProj (B, T, 3H) = x W_ih^T + b_ih, wHh (3H, H), bHh (3H), h0 (B, H), mask (B, T) or null -> (B, T, H).
     */
    public static Tensor gru(Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor mask) {
        RecurrentLoops.Dims d = check("gru", 3, xProj, wHh, mask, h0);
        if (!bHh.shape().equals(Shape.of(3 * d.h()))) {
            throw new ShapeException("gru: expected bias_hh (" + 3 * d.h() + "), got " + bHh.shape());
        }
        Tensor xp = Convert.dense(xProj);
        Tensor w = Convert.dense(wHh);
        Tensor bias = Convert.dense(bHh);
        Tensor hInit = Convert.dense(h0);
        boolean[] valid = valid(mask, d);
        Tensor y = Tensor.empty(xProj.dtype(), d.b(), d.t(), d.h());
        Tensor act = Tensor.empty(xProj.dtype(), d.b(), d.t(), 3 * d.h());
        Tensor hh = Tensor.empty(xProj.dtype(), d.b(), d.t(), 3 * d.h());
        RecurrentLoops.gruForward(cells(xp), d, valid, data(xp), xp.offset(), data(w), w.offset(), data(bias),
                bias.offset(), data(hInit), hInit.offset(), data(y), data(act), data(hh));
        SavedTensor[] saved = {new SavedTensor("gru", w), new SavedTensor("gru", hInit), new SavedTensor("gru", y),
                new SavedTensor("gru", act), new SavedTensor("gru", hh)};
        return Autograd.record("gru", y, new Tensor[] {xProj, wHh, bHh, h0}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dxp = Tensor.zeros(grad.dtype(), d.b(), d.t(), 3 * d.h());
            Tensor dhh = Tensor.zeros(grad.dtype(), d.b(), d.t(), 3 * d.h());
            Tensor dwT = Tensor.empty(grad.dtype(), d.h(), 3 * d.h()); // W_hh's gradient transposed: a wider GEMM
            Tensor dh0 = Tensor.zeros(grad.dtype(), d.b(), d.h());
            Tensor ws = saved[0].get();
            Tensor hs = saved[1].get();
            RecurrentLoops.gruBackward(cells(dy), d, valid, data(ws), ws.offset(), data(hs), hs.offset(),
                    data(saved[2].get()), data(saved[3].get()), data(saved[4].get()), data(dy), dy.offset(), data(dxp),
                    data(dhh), data(dwT), data(dh0));
            return new Tensor[] {dxp, dwT.transpose(0, 1).contiguous(), dhh.sum(new int[] {0, 1}, false), dh0};
        });
    }

    private static RecurrentLoops.Dims check(String op, int gates, Tensor xProj, Tensor wHh, Tensor mask, Tensor... states) {
        Checks.floating(op, xProj);
        if (xProj.rank() != 3 || wHh.rank() != 2 || wHh.size(0) != gates * wHh.size(1)
                || xProj.size(2) != wHh.size(0)) {
            String g = gates == 1 ? "" : Integer.toString(gates);
            throw new ShapeException(op + ": expected input projections (B, T, " + g + "H) and weight_hh (" + g
                    + "H, H), got " + xProj.shape() + " and " + wHh.shape());
        }
        RecurrentLoops.Dims d = new RecurrentLoops.Dims(xProj.size(0), xProj.size(1), wHh.size(1));
        for (Tensor s : states) {
            Checks.sameDType(op, xProj, s);
            if (!s.shape().equals(Shape.of(d.b(), d.h()))) {
                throw new ShapeException(op + ": expected initial state (" + d.b() + ", " + d.h() + "), got " + s.shape());
            }
        }
        Checks.sameDType(op, xProj, wHh);
        if (mask != null && !mask.shape().equals(Shape.of(d.b(), d.t()))) {
            throw new ShapeException(op + ": expected mask (" + d.b() + ", " + d.t() + "), got " + mask.shape());
        }
        return d;
    }

    /** The mask as one flag per (b, t), row-major; null means every step is real. */
    private static boolean[] valid(Tensor mask, RecurrentLoops.Dims d) {
        boolean[] valid = new boolean[d.b() * d.t()];
        Tensor m = mask == null ? null : Convert.dense(mask);
        for (int i = 0; i < valid.length; i++) {
            valid[i] = m == null || m.storage().get(m.offset() + i) != 0;
        }
        return valid;
    }

    /** The kernels of the tensor's precision: FAST for float32, REFERENCE for float64. */
    @SuppressWarnings("unchecked")
    private static <A> RecurrentCells<A> cells(Tensor t) {
        return (RecurrentCells<A>) (t.dtype() == DType.FLOAT32 ? RecurrentCells.FAST : RecurrentCells.REFERENCE);
    }

    /** The array behind a dense floating tensor (of the type cells() pairs with its precision). */
    @SuppressWarnings("unchecked")
    private static <A> A data(Tensor t) {
        return (A) switch (t.storage()) {
            case Storage.F32 s -> s.data;
            case Storage.F64 s -> s.data;
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        };
    }
}

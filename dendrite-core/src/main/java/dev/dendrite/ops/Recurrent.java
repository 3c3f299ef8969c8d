// Fused Elman, LSTM and GRU layers: one op runs a whole sequence for one layer and direction, so the graph holds one node
// instead of a dozen per step. The input projections x W_ih^T + b_ih of every step come in precomputed (one GEMM by
// the caller); per step the op adds h_{t-1} W_hh^T with one GEMM and applies the gates in one pass
// (kernels.RecurrentCells). Backward runs the steps in reverse and computes dW_hh with a single GEMM over all steps.
// An optional mask (B, T) marks real steps (non-zero) and padding (zero): a padded step leaves the state as it was
// and receives no gradient, so padded batches behave as PyTorch's packed sequences.
package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.RecurrentCells;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

public final class Recurrent {
    /** Batch rows per thread: fewer rows would make each step's GEMM too thin to pay for a thread. */
    private static final int ROWS_PER_THREAD = 8;

    private Recurrent() {}

    /**
     * Every step's hidden state of one Elman layer: h_t = tanh(xProj_t + h_{t-1} W_hh^T), or ReLU.
     * Shapes: xProj (B, T, H) = x W_ih^T + b_ih + b_hh, wHh (H, H), h0 (B, H), mask (B, T) or null -> (B, T, H).
     */
    public static Tensor rnn(Tensor xProj, Tensor wHh, Tensor h0, Tensor mask, boolean relu) {
        Dims d = check("rnn", 1, xProj, wHh, mask, h0);
        Tensor xp = Convert.dense(xProj);
        Tensor w = Convert.dense(wHh);
        Tensor hInit = Convert.dense(h0);
        boolean[] valid = valid(mask, d);
        Tensor y = Tensor.empty(xProj.dtype(), d.b, d.t, d.h);
        switch (xp.storage()) {
            case Storage.F32 s -> rnnForward(RecurrentCells.FAST, d, valid, relu, xp, w, hInit, y);
            case Storage.F64 s -> rnnForward(RecurrentCells.REFERENCE, d, valid, relu, xp, w, hInit, y);
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
        SavedTensor[] saved = {new SavedTensor("rnn", w), new SavedTensor("rnn", hInit), new SavedTensor("rnn", y)};
        return Autograd.record("rnn", y, new Tensor[] {xProj, wHh, h0}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dxp = Tensor.zeros(grad.dtype(), d.b, d.t, d.h);
            Tensor dwT = Tensor.empty(grad.dtype(), d.h, d.h);
            Tensor dh0 = Tensor.zeros(grad.dtype(), d.b, d.h);
            Tensor[] s = {saved[0].get(), saved[1].get(), saved[2].get()};
            switch (dy.storage()) {
                case Storage.F32 st -> rnnBackward(RecurrentCells.FAST, d, valid, relu, s, dy, dxp, dwT, dh0);
                case Storage.F64 st -> rnnBackward(RecurrentCells.REFERENCE, d, valid, relu, s, dy, dxp, dwT, dh0);
                case Storage.I64 st -> throw new IllegalStateException("unreachable");
            }
            return new Tensor[] {dxp, dwT.transpose(0, 1).contiguous(), dh0};
        });
    }

    /**
     * Every step's hidden and cell state of one LSTM layer (PyTorch's gate order i, f, g, o).
     * Shapes: xProj (B, T, 4H) = x W_ih^T + b_ih + b_hh, wHh (4H, H), h0 and c0 (B, H), mask (B, T) or null
     * -> (B, T, 2H) holding h_t in [..., :H] and c_t in [..., H:].
     */
    public static Tensor lstm(Tensor xProj, Tensor wHh, Tensor h0, Tensor c0, Tensor mask) {
        Dims d = check("lstm", 4, xProj, wHh, mask, h0, c0);
        Tensor xp = Convert.dense(xProj);
        Tensor w = Convert.dense(wHh);
        Tensor hInit = Convert.dense(h0);
        Tensor cInit = Convert.dense(c0);
        boolean[] valid = valid(mask, d);
        Tensor y = Tensor.empty(xProj.dtype(), d.b, d.t, 2 * d.h);
        Tensor act = Tensor.empty(xProj.dtype(), d.b, d.t, 4 * d.h);
        switch (xp.storage()) {
            case Storage.F32 s -> lstmForward(RecurrentCells.FAST, d, valid, xp, w, hInit, cInit, y, act);
            case Storage.F64 s -> lstmForward(RecurrentCells.REFERENCE, d, valid, xp, w, hInit, cInit, y, act);
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
        SavedTensor[] saved = {new SavedTensor("lstm", w), new SavedTensor("lstm", hInit), new SavedTensor("lstm", cInit),
                new SavedTensor("lstm", y), new SavedTensor("lstm", act)};
        return Autograd.record("lstm", y, new Tensor[] {xProj, wHh, h0, c0}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dxp = Tensor.zeros(grad.dtype(), d.b, d.t, 4 * d.h);
            Tensor dwT = Tensor.empty(grad.dtype(), d.h, 4 * d.h); // W_hh's gradient transposed: a wider GEMM
            Tensor dh0 = Tensor.zeros(grad.dtype(), d.b, d.h);
            Tensor dc0 = Tensor.zeros(grad.dtype(), d.b, d.h);
            Tensor[] s = {saved[0].get(), saved[1].get(), saved[2].get(), saved[3].get(), saved[4].get()};
            switch (dy.storage()) {
                case Storage.F32 st -> lstmBackward(RecurrentCells.FAST, d, valid, s, dy, dxp, dwT, dh0, dc0);
                case Storage.F64 st -> lstmBackward(RecurrentCells.REFERENCE, d, valid, s, dy, dxp, dwT, dh0, dc0);
                case Storage.I64 st -> throw new IllegalStateException("unreachable");
            }
            return new Tensor[] {dxp, dwT.transpose(0, 1).contiguous(), dh0, dc0};
        });
    }

    /**
     * Every step's hidden state of one GRU layer (PyTorch's gate order r, z, n; b_hn stays inside r * (...)).
     * Shapes: xProj (B, T, 3H) = x W_ih^T + b_ih, wHh (3H, H), bHh (3H), h0 (B, H), mask (B, T) or null -> (B, T, H).
     */
    public static Tensor gru(Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor mask) {
        Dims d = check("gru", 3, xProj, wHh, mask, h0);
        if (!bHh.shape().equals(Shape.of(3 * d.h))) {
            throw new ShapeException("gru: expected bias_hh (" + 3 * d.h + "), got " + bHh.shape());
        }
        Tensor xp = Convert.dense(xProj);
        Tensor w = Convert.dense(wHh);
        Tensor bias = Convert.dense(bHh);
        Tensor hInit = Convert.dense(h0);
        boolean[] valid = valid(mask, d);
        Tensor y = Tensor.empty(xProj.dtype(), d.b, d.t, d.h);
        Tensor act = Tensor.empty(xProj.dtype(), d.b, d.t, 3 * d.h);
        Tensor hh = Tensor.empty(xProj.dtype(), d.b, d.t, 3 * d.h);
        switch (xp.storage()) {
            case Storage.F32 s -> gruForward(RecurrentCells.FAST, d, valid, xp, w, bias, hInit, y, act, hh);
            case Storage.F64 s -> gruForward(RecurrentCells.REFERENCE, d, valid, xp, w, bias, hInit, y, act, hh);
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
        SavedTensor[] saved = {new SavedTensor("gru", w), new SavedTensor("gru", hInit), new SavedTensor("gru", y),
                new SavedTensor("gru", act), new SavedTensor("gru", hh)};
        return Autograd.record("gru", y, new Tensor[] {xProj, wHh, bHh, h0}, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor dxp = Tensor.zeros(grad.dtype(), d.b, d.t, 3 * d.h);
            Tensor dhh = Tensor.zeros(grad.dtype(), d.b, d.t, 3 * d.h);
            Tensor dwT = Tensor.empty(grad.dtype(), d.h, 3 * d.h); // W_hh's gradient transposed: a wider GEMM
            Tensor dh0 = Tensor.zeros(grad.dtype(), d.b, d.h);
            Tensor[] s = {saved[0].get(), saved[1].get(), saved[2].get(), saved[3].get(), saved[4].get()};
            switch (dy.storage()) {
                case Storage.F32 st -> gruBackward(RecurrentCells.FAST, d, valid, s, dy, dxp, dhh, dwT, dh0);
                case Storage.F64 st -> gruBackward(RecurrentCells.REFERENCE, d, valid, s, dy, dxp, dhh, dwT, dh0);
                case Storage.I64 st -> throw new IllegalStateException("unreachable");
            }
            return new Tensor[] {dxp, dwT.transpose(0, 1).contiguous(), dhh.sum(new int[] {0, 1}, false), dh0};
        });
    }

    private record Dims(int b, int t, int h) {}

    private static Dims check(String op, int gates, Tensor xProj, Tensor wHh, Tensor mask, Tensor... states) {
        Checks.floating(op, xProj);
        if (xProj.rank() != 3 || wHh.rank() != 2 || wHh.size(0) != gates * wHh.size(1)
                || xProj.size(2) != wHh.size(0)) {
            String g = gates == 1 ? "" : Integer.toString(gates);
            throw new ShapeException(op + ": expected input projections (B, T, " + g + "H) and weight_hh (" + g
                    + "H, H), got " + xProj.shape() + " and " + wHh.shape());
        }
        Dims d = new Dims(xProj.size(0), xProj.size(1), wHh.size(1));
        for (Tensor s : states) {
            Checks.sameDType(op, xProj, s);
            if (!s.shape().equals(Shape.of(d.b, d.h))) {
                throw new ShapeException(op + ": expected initial state (" + d.b + ", " + d.h + "), got " + s.shape());
            }
        }
        Checks.sameDType(op, xProj, wHh);
        if (mask != null && !mask.shape().equals(Shape.of(d.b, d.t))) {
            throw new ShapeException(op + ": expected mask (" + d.b + ", " + d.t + "), got " + mask.shape());
        }
        return d;
    }

    /** The mask as one flag per (b, t), row-major; null means every step is real. */
    private static boolean[] valid(Tensor mask, Dims d) {
        boolean[] valid = new boolean[d.b * d.t];
        Tensor m = mask == null ? null : Convert.dense(mask);
        for (int i = 0; i < valid.length; i++) {
            valid[i] = m == null || m.storage().get(m.offset() + i) != 0;
        }
        return valid;
    }

    @SuppressWarnings("unchecked")
    private static <A> A data(Tensor t) {
        return (A) switch (t.storage()) {
            case Storage.F32 s -> s.data;
            case Storage.F64 s -> s.data;
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        };
    }

    /** Runs {@code body} over blocks of batch rows in parallel: the rows of a recurrence never meet. */
    private static void overRows(Dims d, Parallel.Range body) {
        Parallel.range(d.b, ROWS_PER_THREAD, body);
    }

    /**
     * Rows [b0, b1) of step t: out (row width g) += h_{t-1} W_hh^T, with h_{t-1} from h0 at t = 0 and otherwise
     * from the previous step's row of y (row width yWidth, the state at its start).
     */
    private static <A> void addRecurrentTerm(RecurrentCells<A> k, Dims d, int t, int b0, int b1, Tensor h0, A y,
                                             int yWidth, RecurrentCells.Prepared wt, A out, int g) {
        if (t == 0) {
            k.multiply(b1 - b0, data(h0), h0.offset() + b0 * d.h, d.h, 1, wt, out, b0 * d.t * g, d.t * g, true);
        } else {
            k.multiply(b1 - b0, y, (b0 * d.t + t - 1) * yWidth, d.t * yWidth, 1, wt, out, (b0 * d.t + t) * g,
                    d.t * g, true);
        }
    }

    /** Each step's pre-activations are built in y's row for that step, then replaced by the state in place. */
    private static <A> void rnnForward(RecurrentCells<A> k, Dims d, boolean[] valid, boolean relu, Tensor xp, Tensor w,
                                       Tensor h0, Tensor yT) {
        int h = d.h;
        A x = data(xp);
        A y = data(yT);
        A hInit = data(h0);
        RecurrentCells.Prepared wt = k.prepare(h, h, data(w), w.offset(), 1, h); // W_hh^T (H, H)
        overRows(d, (b0, b1) -> {
            for (int t = 0; t < d.t; t++) {
                for (int b = b0; b < b1; b++) {
                    k.copy(h, x, xp.offset() + (b * d.t + t) * h, y, (b * d.t + t) * h);
                }
                addRecurrentTerm(k, d, t, b0, b1, h0, y, h, wt, y, h);
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    if (valid[row]) {
                        k.rnnForward(h, relu, y, row * h, y, row * h);
                    } else {
                        k.copy(h, t == 0 ? hInit : y, t == 0 ? h0.offset() + b * h : (row - 1) * h, y, row * h);
                    }
                }
            }
        });
    }

    private static <A> void rnnBackward(RecurrentCells<A> k, Dims d, boolean[] valid, boolean relu, Tensor[] saved,
                                        Tensor dyT, Tensor dxpT, Tensor dwTransposedT, Tensor dh0T) {
        int h = d.h;
        Tensor w = saved[0];
        Tensor h0 = saved[1];
        A y = data(saved[2]);
        A dy = data(dyT);
        A dxp = data(dxpT);
        A dh = data(dh0T); // the carried gradient, left as dh0 after the first step
        RecurrentCells.Prepared wp = k.prepare(h, h, data(w), w.offset(), h, 1); // W_hh (H, H)
        overRows(d, (b0, b1) -> {
            for (int t = d.t - 1; t >= 0; t--) {
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    k.addTo(h, dy, dyT.offset() + row * h, dh, b * h);
                    if (valid[row]) {
                        k.rnnBackward(h, relu, y, row * h, dh, b * h, dxp, row * h);
                    }
                }
                k.multiply(b1 - b0, dxp, (b0 * d.t + t) * h, d.t * h, 1, wp, dh, b0 * h, h, true);
            }
        });
        A hPrev = previousStates(k, d, h0, y, h);
        k.gemm(h, h, d.b * d.t, hPrev, 0, 1, h, dxp, 0, h, 1, data(dwTransposedT), 0, h, false); // dW^T = H_prev^T dPre
    }

    private static <A> void lstmForward(RecurrentCells<A> k, Dims d, boolean[] valid, Tensor xp, Tensor w, Tensor h0,
                                        Tensor c0, Tensor yT, Tensor actT) {
        int h = d.h;
        int g = 4 * h;
        A x = data(xp);
        A y = data(yT);
        A act = data(actT);
        A hInit = data(h0);
        A cInit = data(c0);
        RecurrentCells.Prepared wt = k.prepare(h, g, data(w), w.offset(), 1, h); // W_hh^T (H, 4H)
        overRows(d, (b0, b1) -> {
            for (int t = 0; t < d.t; t++) {
                for (int b = b0; b < b1; b++) {
                    k.copy(g, x, xp.offset() + (b * d.t + t) * g, act, (b * d.t + t) * g);
                }
                addRecurrentTerm(k, d, t, b0, b1, h0, y, 2 * h, wt, act, g);
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    A hPrevArr = t == 0 ? hInit : y;
                    int hPrev = t == 0 ? h0.offset() + b * h : (row - 1) * 2 * h;
                    A cPrevArr = t == 0 ? cInit : y;
                    int cPrev = t == 0 ? c0.offset() + b * h : (row - 1) * 2 * h + h;
                    if (valid[row]) {
                        k.lstmForward(h, act, row * g, cPrevArr, cPrev, y, row * 2 * h, y, row * 2 * h + h);
                    } else {
                        k.copy(h, hPrevArr, hPrev, y, row * 2 * h);
                        k.copy(h, cPrevArr, cPrev, y, row * 2 * h + h);
                    }
                }
            }
        });
    }

    private static <A> void lstmBackward(RecurrentCells<A> k, Dims d, boolean[] valid, Tensor[] saved, Tensor dyT,
                                         Tensor dxpT, Tensor dwTransposedT, Tensor dh0T, Tensor dc0T) {
        int h = d.h;
        int g = 4 * h;
        Tensor w = saved[0];
        Tensor h0 = saved[1];
        Tensor c0 = saved[2];
        A y = data(saved[3]);
        A act = data(saved[4]);
        A cInit = data(c0);
        A dy = data(dyT);
        A dxp = data(dxpT);
        A dh = data(dh0T); // carried gradients, left as dh0 and dc0 after the first step
        A dc = data(dc0T);
        RecurrentCells.Prepared wp = k.prepare(g, h, data(w), w.offset(), h, 1); // W_hh (4H, H)
        overRows(d, (b0, b1) -> {
            for (int t = d.t - 1; t >= 0; t--) {
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    k.addTo(h, dy, dyT.offset() + row * 2 * h, dh, b * h);
                    k.addTo(h, dy, dyT.offset() + row * 2 * h + h, dc, b * h);
                    if (valid[row]) {
                        A cPrevArr = t == 0 ? cInit : y;
                        int cPrev = t == 0 ? c0.offset() + b * h : (row - 1) * 2 * h + h;
                        k.lstmBackward(h, act, row * g, cPrevArr, cPrev, y, row * 2 * h + h, dh, b * h, dc, b * h, dxp,
                                row * g);
                    }
                }
                k.multiply(b1 - b0, dxp, (b0 * d.t + t) * g, d.t * g, 1, wp, dh, b0 * h, h, true);
            }
        });
        A hPrev = previousStates(k, d, h0, y, 2 * h);
        k.gemm(h, g, d.b * d.t, hPrev, 0, 1, h, dxp, 0, g, 1, data(dwTransposedT), 0, g, false); // dW^T = H_prev^T dGates
    }

    /** h_{t-1} for every (b, t) as (B, T, H): h0 at t = 0, else the previous step's state from y (row width yWidth). */
    private static <A> A previousStates(RecurrentCells<A> k, Dims d, Tensor h0, A y, int yWidth) {
        A prev = k.allocate(d.b * d.t * d.h);
        for (int b = 0; b < d.b; b++) {
            k.copy(d.h, data(h0), h0.offset() + b * d.h, prev, b * d.t * d.h);
            for (int t = 1; t < d.t; t++) {
                k.copy(d.h, y, (b * d.t + t - 1) * yWidth, prev, (b * d.t + t) * d.h);
            }
        }
        return prev;
    }

    private static <A> void gruForward(RecurrentCells<A> k, Dims d, boolean[] valid, Tensor xp, Tensor w, Tensor bias,
                                       Tensor h0, Tensor yT, Tensor actT, Tensor hhT) {
        int h = d.h;
        int g = 3 * h;
        A x = data(xp);
        A y = data(yT);
        A act = data(actT);
        A hh = data(hhT);
        A hInit = data(h0);
        RecurrentCells.Prepared wt = k.prepare(h, g, data(w), w.offset(), 1, h); // W_hh^T (H, 3H)
        overRows(d, (b0, b1) -> {
            for (int t = 0; t < d.t; t++) {
                for (int b = b0; b < b1; b++) {
                    k.copy(g, data(bias), bias.offset(), hh, (b * d.t + t) * g);
                }
                addRecurrentTerm(k, d, t, b0, b1, h0, y, h, wt, hh, g);
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    A hPrevArr = t == 0 ? hInit : y;
                    int hPrev = t == 0 ? h0.offset() + b * h : (row - 1) * h;
                    if (valid[row]) {
                        k.gruForward(h, x, xp.offset() + row * g, hh, row * g, hPrevArr, hPrev, act, row * g, y, row * h);
                    } else {
                        k.copy(h, hPrevArr, hPrev, y, row * h);
                    }
                }
            }
        });
    }

    private static <A> void gruBackward(RecurrentCells<A> k, Dims d, boolean[] valid, Tensor[] saved, Tensor dyT,
                                        Tensor dxpT, Tensor dhhT, Tensor dwTransposedT, Tensor dh0T) {
        int h = d.h;
        int g = 3 * h;
        Tensor w = saved[0];
        Tensor h0 = saved[1];
        A y = data(saved[2]);
        A act = data(saved[3]);
        A hh = data(saved[4]);
        A dy = data(dyT);
        A dxp = data(dxpT);
        A dhh = data(dhhT);
        A dh = data(dh0T); // the carried gradient, left as dh0 after the first step
        RecurrentCells.Prepared wp = k.prepare(g, h, data(w), w.offset(), h, 1); // W_hh (3H, H)
        overRows(d, (b0, b1) -> {
            for (int t = d.t - 1; t >= 0; t--) {
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    k.addTo(h, dy, dyT.offset() + row * h, dh, b * h);
                    if (valid[row]) {
                        A hPrevArr = t == 0 ? data(h0) : y;
                        int hPrev = t == 0 ? h0.offset() + b * h : (row - 1) * h;
                        k.gruBackward(h, act, row * g, hh, row * g, hPrevArr, hPrev, dh, b * h, dxp, row * g, dhh,
                                row * g);
                    }
                }
                k.multiply(b1 - b0, dhh, (b0 * d.t + t) * g, d.t * g, 1, wp, dh, b0 * h, h, true);
            }
        });
        A hPrev = previousStates(k, d, h0, y, h);
        k.gemm(h, g, d.b * d.t, hPrev, 0, 1, h, dhh, 0, g, 1, data(dwTransposedT), 0, g, false); // dW^T = H_prev^T dHh
    }
}

package dev.dendrite.kernels;

/**
 * The loops of the fused Elman, LSTM and GRU layers (ops.Recurrent) over arrays, for both precisions
 * (RecurrentCells): per step, h_{t-1} W_hh^T by one GEMM for a block of batch rows, then the gates in one pass;
 * backward runs the steps in reverse and computes dW_hh^T with a single GEMM over all steps. valid marks the real
 * (b, t) steps: a padded step copies the state through and receives no gradient. Outputs and gradient buffers are
 * dense, read from offset 0; inputs are read at the given offsets.
 */
public final class RecurrentLoops {
    /** Batch rows per thread: fewer rows would make each step's GEMM too thin to pay for a thread. */
    private static final int ROWS_PER_THREAD = 8;

    private RecurrentLoops() {}

    /** Batch, time steps, hidden size. */
    public record Dims(int b, int t, int h) {}

    /** Runs {@code body} over blocks of batch rows in parallel: the rows of a recurrence never meet. */
    private static void overRows(Dims d, Parallel.Range body) {
        Parallel.range(d.b, ROWS_PER_THREAD, body);
    }

    /**
     * Rows [b0, b1) of step t: out (row width g) += h_{t-1} W_hh^T, with h_{t-1} from h0 at t = 0 and otherwise
     * from the previous step's row of y (row width yWidth, the state at its start).
     */
    private static <A> void addRecurrentTerm(RecurrentCells<A> k, Dims d, int t, int b0, int b1, A h0, int h0Off, A y,
                                             int yWidth, RecurrentCells.Prepared wt, A out, int g) {
        if (t == 0) {
            k.multiply(b1 - b0, h0, h0Off + b0 * d.h, d.h, 1, wt, out, b0 * d.t * g, d.t * g, true);
        } else {
            k.multiply(b1 - b0, y, (b0 * d.t + t - 1) * yWidth, d.t * yWidth, 1, wt, out, (b0 * d.t + t) * g,
                    d.t * g, true);
        }
    }

    /**
     * y (B, T, H) = every step's state; each step's pre-activations are built in y's row for that step, then
     * replaced by the state in place.
     */
    public static <A> void rnnForward(RecurrentCells<A> k, Dims d, boolean[] valid, boolean relu, A x, int xOff, A w,
                                      int wOff, A hInit, int h0Off, A y) {
        int h = d.h;
        RecurrentCells.Prepared wt = k.prepare(h, h, w, wOff, 1, h); // W_hh^T (H, H)
        overRows(d, (b0, b1) -> {
            for (int t = 0; t < d.t; t++) {
                for (int b = b0; b < b1; b++) {
                    k.copy(h, x, xOff + (b * d.t + t) * h, y, (b * d.t + t) * h);
                }
                addRecurrentTerm(k, d, t, b0, b1, hInit, h0Off, y, h, wt, y, h);
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    if (valid[row]) {
                        k.rnnForward(h, relu, y, row * h, y, row * h);
                    } else {
                        k.copy(h, t == 0 ? hInit : y, t == 0 ? h0Off + b * h : (row - 1) * h, y, row * h);
                    }
                }
            }
        });
    }

    /**
     * From the forward's w, h0 (at their offsets) and y, and dy (at dyOff): dxp += the pre-activation gradients,
     * dwT = W_hh's gradient transposed, dh = dh0 (zero-filled: it carries the gradient back through the steps).
     */
    public static <A> void rnnBackward(RecurrentCells<A> k, Dims d, boolean[] valid, boolean relu, A w, int wOff,
                                       A h0, int h0Off, A y, A dy, int dyOff, A dxp, A dwT, A dh) {
        int h = d.h;
        RecurrentCells.Prepared wp = k.prepare(h, h, w, wOff, h, 1); // W_hh (H, H)
        overRows(d, (b0, b1) -> {
            for (int t = d.t - 1; t >= 0; t--) {
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    k.addTo(h, dy, dyOff + row * h, dh, b * h);
                    if (valid[row]) {
                        k.rnnBackward(h, relu, y, row * h, dh, b * h, dxp, row * h);
                    }
                }
                k.multiply(b1 - b0, dxp, (b0 * d.t + t) * h, d.t * h, 1, wp, dh, b0 * h, h, true);
            }
        });
        A hPrev = previousStates(k, d, h0, h0Off, y, h);
        k.gemm(h, h, d.b * d.t, hPrev, 0, 1, h, dxp, 0, h, 1, dwT, 0, h, false); // dW^T = H_prev^T dPre
    }

    /** y (B, T, 2H) holds h_t then c_t of every step; act (B, T, 4H) the gate activations backward needs. */
    public static <A> void lstmForward(RecurrentCells<A> k, Dims d, boolean[] valid, A x, int xOff, A w, int wOff,
                                       A hInit, int h0Off, A cInit, int c0Off, A y, A act) {
        int h = d.h;
        int g = 4 * h;
        RecurrentCells.Prepared wt = k.prepare(h, g, w, wOff, 1, h); // W_hh^T (H, 4H)
        overRows(d, (b0, b1) -> {
            for (int t = 0; t < d.t; t++) {
                for (int b = b0; b < b1; b++) {
                    k.copy(g, x, xOff + (b * d.t + t) * g, act, (b * d.t + t) * g);
                }
                addRecurrentTerm(k, d, t, b0, b1, hInit, h0Off, y, 2 * h, wt, act, g);
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    A hPrevArr = t == 0 ? hInit : y;
                    int hPrev = t == 0 ? h0Off + b * h : (row - 1) * 2 * h;
                    A cPrevArr = t == 0 ? cInit : y;
                    int cPrev = t == 0 ? c0Off + b * h : (row - 1) * 2 * h + h;
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

    /** As rnnBackward; dh and dc (zero-filled) carry the gradients back and end as dh0 and dc0. */
    public static <A> void lstmBackward(RecurrentCells<A> k, Dims d, boolean[] valid, A w, int wOff, A h0, int h0Off,
                                        A cInit, int c0Off, A y, A act, A dy, int dyOff, A dxp, A dwT, A dh, A dc) {
        int h = d.h;
        int g = 4 * h;
        RecurrentCells.Prepared wp = k.prepare(g, h, w, wOff, h, 1); // W_hh (4H, H)
        overRows(d, (b0, b1) -> {
            for (int t = d.t - 1; t >= 0; t--) {
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    k.addTo(h, dy, dyOff + row * 2 * h, dh, b * h);
                    k.addTo(h, dy, dyOff + row * 2 * h + h, dc, b * h);
                    if (valid[row]) {
                        A cPrevArr = t == 0 ? cInit : y;
                        int cPrev = t == 0 ? c0Off + b * h : (row - 1) * 2 * h + h;
                        k.lstmBackward(h, act, row * g, cPrevArr, cPrev, y, row * 2 * h + h, dh, b * h, dc, b * h, dxp,
                                row * g);
                    }
                }
                k.multiply(b1 - b0, dxp, (b0 * d.t + t) * g, d.t * g, 1, wp, dh, b0 * h, h, true);
            }
        });
        A hPrev = previousStates(k, d, h0, h0Off, y, 2 * h);
        k.gemm(h, g, d.b * d.t, hPrev, 0, 1, h, dxp, 0, g, 1, dwT, 0, g, false); // dW^T = H_prev^T dGates
    }

    /** h_{t-1} for every (b, t) as (B, T, H): h0 at t = 0, else the previous step's state from y (row width yWidth). */
    private static <A> A previousStates(RecurrentCells<A> k, Dims d, A h0, int h0Off, A y, int yWidth) {
        A prev = k.allocate(d.b * d.t * d.h);
        for (int b = 0; b < d.b; b++) {
            k.copy(d.h, h0, h0Off + b * d.h, prev, b * d.t * d.h);
            for (int t = 1; t < d.t; t++) {
                k.copy(d.h, y, (b * d.t + t - 1) * yWidth, prev, (b * d.t + t) * d.h);
            }
        }
        return prev;
    }

    /** y (B, T, H); act (B, T, 3H) the gate activations and hh (B, T, 3H) h_{t-1} W_hh^T + b_hh, for backward. */
    public static <A> void gruForward(RecurrentCells<A> k, Dims d, boolean[] valid, A x, int xOff, A w, int wOff,
                                      A bias, int biasOff, A hInit, int h0Off, A y, A act, A hh) {
        int h = d.h;
        int g = 3 * h;
        RecurrentCells.Prepared wt = k.prepare(h, g, w, wOff, 1, h); // W_hh^T (H, 3H)
        overRows(d, (b0, b1) -> {
            for (int t = 0; t < d.t; t++) {
                for (int b = b0; b < b1; b++) {
                    k.copy(g, bias, biasOff, hh, (b * d.t + t) * g);
                }
                addRecurrentTerm(k, d, t, b0, b1, hInit, h0Off, y, h, wt, hh, g);
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    A hPrevArr = t == 0 ? hInit : y;
                    int hPrev = t == 0 ? h0Off + b * h : (row - 1) * h;
                    if (valid[row]) {
                        k.gruForward(h, x, xOff + row * g, hh, row * g, hPrevArr, hPrev, act, row * g, y, row * h);
                    } else {
                        k.copy(h, hPrevArr, hPrev, y, row * h);
                    }
                }
            }
        });
    }

    /** As rnnBackward, with dhh (zero-filled) receiving the gradient of h_{t-1} W_hh^T + b_hh. */
    public static <A> void gruBackward(RecurrentCells<A> k, Dims d, boolean[] valid, A w, int wOff, A h0, int h0Off,
                                       A y, A act, A hh, A dy, int dyOff, A dxp, A dhh, A dwT, A dh) {
        int h = d.h;
        int g = 3 * h;
        RecurrentCells.Prepared wp = k.prepare(g, h, w, wOff, h, 1); // W_hh (3H, H)
        overRows(d, (b0, b1) -> {
            for (int t = d.t - 1; t >= 0; t--) {
                for (int b = b0; b < b1; b++) {
                    int row = b * d.t + t;
                    k.addTo(h, dy, dyOff + row * h, dh, b * h);
                    if (valid[row]) {
                        A hPrevArr = t == 0 ? h0 : y;
                        int hPrev = t == 0 ? h0Off + b * h : (row - 1) * h;
                        k.gruBackward(h, act, row * g, hh, row * g, hPrevArr, hPrev, dh, b * h, dxp, row * g, dhh,
                                row * g);
                    }
                }
                k.multiply(b1 - b0, dhh, (b0 * d.t + t) * g, d.t * g, 1, wp, dh, b0 * h, h, true);
            }
        });
        A hPrev = previousStates(k, d, h0, h0Off, y, h);
        k.gemm(h, g, d.b * d.t, hPrev, 0, 1, h, dhh, 0, g, 1, dwT, 0, g, false); // dW^T = H_prev^T dHh
    }
}

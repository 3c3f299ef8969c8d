package dev.dendrite.kernels;

/**
 * The arithmetic of one recurrent step for one batch row, in one precision: what the fused Elman, LSTM and GRU
 * sequence loops (ops.Recurrent) need besides the GEMMs. FAST works on float[] with the Vector API, REFERENCE on
 * double[] with scalar loops; the two are tested against each other. Gate layouts are PyTorch's: LSTM (i, f, g, o),
 * GRU (r, z, n), each block H wide.
 */
public sealed interface RecurrentCells<A> permits FastRecurrent, ReferenceRecurrent {
    RecurrentCells<float[]> FAST = new FastRecurrent();
    RecurrentCells<double[]> REFERENCE = new ReferenceRecurrent();

    A allocate(int n);

    /** C (+)= A B with the strides of {@link FastGemm#gemm}, split over threads when large. */
    void gemm(int m, int n, int k, A a, int aOff, int ars, int acs, A b, int bOff, int brs, int bcs, A c, int cOff,
              int ldc, boolean accumulate);

    /** A right-hand GEMM operand prepared once for the many products of a sequence (FAST packs it). */
    interface Prepared {}

    /** B (k x n) at b[bOff + p * brs + j * bcs], prepared for {@link #multiply}. */
    Prepared prepare(int k, int n, A b, int bOff, int brs, int bcs);

    /** C (m x n) (+)= A B with a prepared B, on the calling thread; row i of C depends on row i of A only. */
    void multiply(int m, A a, int aOff, int ars, int acs, Prepared b, A c, int cOff, int ldc, boolean accumulate);

    /** dst[dOff + i] = src[sOff + i] for i in [0, n). */
    void copy(int n, A src, int sOff, A dst, int dOff);

    /** dst[dOff + i] += src[sOff + i] for i in [0, n). */
    void addTo(int n, A src, int sOff, A dst, int dOff);

    /**
     * Elman step: h = tanh(pre) or relu(pre), pre being the H pre-activations x W_ih^T + b + hPrev W_hh^T; h may be
     * pre (in place).
     */
    void rnnForward(int hidden, boolean relu, A pre, int pOff, A h, int hOff);

    /**
     * Elman step backward from its output h: writes dh * tanh'(pre) (or relu'(pre)) to {@code dPre} and zeroes dh
     * (consumed; the part through W_hh is added by the caller's GEMM).
     */
    void rnnBackward(int hidden, boolean relu, A h, int hOff, A dh, int dhOff, A dPre, int dpOff);

    /**
     * LSTM step: the 4H pre-activations at {@code gates} become the activations (i, f, g, o) in place;
     * c = f * cPrev + i * g and h = o * tanh(c) are written to {@code c} and {@code h}.
     */
    void lstmForward(int hidden, A gates, int gOff, A cPrev, int cpOff, A h, int hOff, A c, int cOff);

    /**
     * LSTM step backward from the activations, cPrev and c: writes the 4H pre-activation gradients to
     * {@code dGates}, replaces dc (the gradient reaching c) by the one reaching cPrev and zeroes dh (consumed).
     */
    void lstmBackward(int hidden, A act, int aOff, A cPrev, int cpOff, A c, int cOff, A dh, int dhOff, A dc, int dcOff,
                      A dGates, int dgOff);

    /**
     * GRU step from the input projection x (3H, with b_ih) and the recurrent term hh = h W_hh^T + b_hh (3H):
     * r, z, n go to {@code act}, h = (1 - z) * n + z * hPrev to {@code h}.
     */
    void gruForward(int hidden, A x, int xOff, A hh, int hhOff, A hPrev, int hpOff, A act, int aOff, A h, int hOff);

    /**
     * GRU step backward: writes the gradients of the input projection (dx) and of the recurrent term (dhh), and
     * replaces dh by its direct part dh * z (the part through W_hh is added by the caller's GEMM).
     */
    void gruBackward(int hidden, A act, int aOff, A hh, int hhOff, A hPrev, int hpOff, A dh, int dhOff, A dx, int dxOff,
                     A dhh, int dhhOff);
}

package dev.dendrite.kernels;

/**
 * The array work of the fused convolution (ConvLoops) in one precision: im2col and col2im for one image, the GEMM,
 * and the few row operations a bias needs. FAST works on float[] (FastGemm, block copies), REFERENCE on double[]
 * with scalar loops; the float64 gradient checks run the same loops through REFERENCE.
 */
public sealed interface ConvKernels<A> permits FastConv, ReferenceConv {
    ConvKernels<float[]> FAST = new FastConv();
    ConvKernels<double[]> REFERENCE = new ReferenceConv();

    A allocate(int n);

    /** The arrays a convolution works in during one call. */
    enum Workspace {
        /** A chunk's columns. */
        COLUMNS,
        /** A chunk's products or output gradients, side by side. */
        CHUNK,
        /** The weight gradient's partial sums. */
        WEIGHT_PARTS,
        /** The bias gradient's partial sums. */
        BIAS_PARTS
    }

    /**
     * An array of at least n elements for the calling thread's use until its call returns, with whatever contents
     * an earlier call left: FAST keeps one per thread and purpose (Scratch), REFERENCE allocates.
     */
    A working(Workspace purpose, int n);

    /**
     * One image x (C, H, W) at x[xOff..] -> its columns (C*kH*kW rows, outH*outW wide) at cols[cOff..], rows ldc
     * apart (several images side by side), zero in the padding.
     */
    void unfold(Unfold.Geometry g, A x, int xOff, A cols, int cOff, int ldc);

    /** The adjoint of {@link #unfold}: the image at x[xOff..] += the window elements of its columns. */
    void fold(Unfold.Geometry g, A cols, int cOff, int ldc, A x, int xOff);

    /** C (+)= A B with the strides of {@link FastGemm#gemm}. */
    void gemm(int m, int n, int k, A a, int aOff, int ars, int acs, A b, int bOff, int brs, int bcs, A c, int cOff,
              int ldc, boolean accumulate);

    /** Rows r in [0, rows) of C (n wide, at c[cOff + r * n]) are set to value[vOff + r]. */
    void fillRows(int rows, int n, A c, int cOff, A value, int vOff);

    /** sums[sOff + r] += the sum of row r of x (n wide, at x[xOff + r * n]), for r in [0, rows). */
    void addRowSums(int rows, int n, A x, int xOff, A sums, int sOff);

    /** dst[dOff + i] += src[sOff + i] for i in [0, n). */
    void addTo(int n, A src, int sOff, A dst, int dOff);

    /**
     * dst[dOff + j * ldd + i] += src[sOff + i * cols + j] for i < rows, j < cols: a (rows, cols) matrix added as its
     * transpose into columns of a matrix whose rows are ldd apart.
     */
    void addTransposed(int rows, int cols, A src, int sOff, A dst, int dOff, int ldd);
}

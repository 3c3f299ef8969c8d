package dev.dendrite.kernels;

/**
 * Convolution array work on double[] with scalar loops: the reference FastConv is checked against.
 */
public final class ReferenceConv implements ConvKernels<double[]> {
    ReferenceConv() {}

    @Override
    public double[] allocate(int n) {
        return new double[n];
    }

    @Override
    public double[] working(Workspace purpose, int n) {
        return new double[n];
    }

    @Override
    public void unfold(Unfold.Geometry g, double[] x, int xOff, double[] cols, int cOff, int ldc) {
        Unfold.unfold(g, x, xOff, cols, cOff, ldc, 0);
    }

    @Override
    public void fold(Unfold.Geometry g, double[] cols, int cOff, int ldc, double[] x, int xOff) {
        Unfold.fold(g, cols, cOff, ldc, x, xOff);
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs,
                     int bcs, double[] c, int cOff, int ldc, boolean accumulate) {
        ReferenceGemm.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
    }

    @Override
    public void fillRows(int rows, int n, double[] c, int cOff, double[] value, int vOff) {
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(c, cOff + r * n, cOff + (r + 1) * n, value[vOff + r]);
        }
    }

    @Override
    public void addRowSums(int rows, int n, double[] x, int xOff, double[] sums, int sOff) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[xOff + r * n + i];
            sums[sOff + r] += s;
        }
    }

    @Override
    public void addTo(int n, double[] src, int sOff, double[] dst, int dOff) {
        ReferenceBinary.apply(BinaryKind.ADD, dst, dOff, 1, src, sOff, 1, dst, dOff, n);
    }

    @Override
    public void addTransposed(int rows, int cols, double[] src, int sOff, double[] dst, int dOff, int ldd) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j * ldd + i] += src[sOff + i * cols + j];
            }
        }
    }
}

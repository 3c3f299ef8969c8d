package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution array work on float[]: Unfold's block-copy im2col, FastGemm, vectorised row sums. Tested against
 * ReferenceConv through the conv2d op.
 */
public final class FastConv implements ConvKernels<float[]> {
    private static final VectorSpecies<Float> S = FastUnary.S;
    /** The side of the square blocks {@link #addTransposed} walks: two 32 x 32 float blocks take 8 KiB. */
    private static final int TRANSPOSE_BLOCK = 32;

    private static final Scratch[] WORKSPACES = new Scratch[Workspace.values().length];

    static {
        java.util.Arrays.setAll(WORKSPACES, i -> new Scratch());
    }

    FastConv() {}

    @Override
    public float[] allocate(int n) {
        return new float[n];
    }

    @Override
    public float[] working(Workspace purpose, int n) {
        return WORKSPACES[purpose.ordinal()].floats(n);
    }

    @Override
    public void unfold(Unfold.Geometry g, float[] x, int xOff, float[] cols, int cOff, int ldc) {
        Unfold.unfold(g, x, xOff, cols, cOff, ldc, 0f);
    }

    @Override
    public void fold(Unfold.Geometry g, float[] cols, int cOff, int ldc, float[] x, int xOff) {
        Unfold.fold(g, cols, cOff, ldc, x, xOff);
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        FastGemm.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
    }

    @Override
    public void fillRows(int rows, int n, float[] c, int cOff, float[] value, int vOff) {
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(c, cOff + r * n, cOff + (r + 1) * n, value[vOff + r]);
        }
    }

    @Override
    public void addRowSums(int rows, int n, float[] x, int xOff, float[] sums, int sOff) {
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * n;
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += S.length()) {
                acc = acc.add(FloatVector.fromArray(S, x, row + i));
            }
            float s = Lanes.sum(acc);
            for (; i < n; i++) {
                s += x[row + i];
            }
            sums[sOff + r] += s;
        }
    }

    @Override
    public void addTo(int n, float[] src, int sOff, float[] dst, int dOff) {
        FastBinary.apply(BinaryKind.ADD, dst, dOff, 1, src, sOff, 1, dst, dOff, n);
    }

    @Override
    public void addTransposed(int rows, int cols, float[] src, int sOff, float[] dst, int dOff, int ldd) {
        // Square blocks, so that both the rows read and the rows written stay in L1 (a 1,152 x 256 sum walked
        // whole wrote one element per cache line).
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_BLOCK) {
            int i1 = Math.min(rows, i0 + TRANSPOSE_BLOCK);
            for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_BLOCK) {
                int j1 = Math.min(cols, j0 + TRANSPOSE_BLOCK);
                for (int j = j0; j < j1; j++) {
                    int d = dOff + j * ldd;
                    for (int i = i0; i < i1; i++) {
                        dst[d + i] += src[sOff + i * cols + j];
                    }
                }
            }
        }
    }
}

package dev.dendrite.kernels;

/**
 * Reference matrix multiply in double precision: C = A B (or C += A B), A and B read through any strides.
 */
public final class ReferenceGemm {
    private ReferenceGemm() {}

    /**
     * C[i, j] (+)= sum_k A[i, k] * B[k, j], with A at a[aOff + i * ars + k * acs], B at b[bOff + k * brs + j * bcs]
     * and C at c[cOff + i * ldc + j].
     */
    public static void gemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs,
                            int bcs, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * ars + p * acs] * b[bOff + p * brs + j * bcs];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }
}

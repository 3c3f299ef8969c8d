package dev.dendrite.models;

/**
 * Eigenvalues of a real symmetric matrix by cyclic Jacobi rotations (Golub &amp; Van Loan, section 8.5): each sweep
 * zeroes every off-diagonal pair in turn; stops when the off-diagonal mass is below 1e-22 of the total, or after
 * 100 sweeps. Accurate to working precision for the small (~100 x 100) covariance products the Fréchet distance needs.
 */
final class SymmetricEigen {
    private SymmetricEigen() {}

    /** The eigenvalues of symmetric {@code m} (n x n, not modified), in no particular order. */
    static double[] values(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += a[i][j] * a[i][j];
                    if (i != j) off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-22 * total) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) rotate(a, p, q);
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = a[i][i];
        return out;
    }

    /** A = J^T A J with the rotation J in the (p, q) plane that zeroes A[p][q]. */
    private static void rotate(double[][] a, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
    }
}

package dev.dendrite.kernels;

/**
 * Reference layer normalisation in double precision over the rows of a contiguous (rows, n) block: the textbook
 * formulas of {@link FastLayerNorm}, one row and one element at a time.
 */
public final class ReferenceLayerNorm {
    private ReferenceLayerNorm() {}

    public static void forward(double[] x, int xo, int rows, int n, double[] w, int wo, double[] b, int bo, double eps,
                               double[] y, double[] mean, double[] rstd) {
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * n;
            double m = 0;
            for (int i = 0; i < n; i++) m += x[xr + i];
            m /= n;
            double var = 0;
            for (int i = 0; i < n; i++) var += (x[xr + i] - m) * (x[xr + i] - m);
            double s = 1 / Math.sqrt(var / n + eps);
            mean[r] = m;
            rstd[r] = s;
            for (int i = 0; i < n; i++) {
                double v = (x[xr + i] - m) * s;
                y[r * n + i] = (w == null ? v : v * w[wo + i]) + (b == null ? 0 : b[bo + i]);
            }
        }
    }

    public static void backward(double[] x, int xo, int rows, int n, double[] w, int wo, double[] mean, double[] rstd,
                                double[] dy, int dyo, double[] dx, double[] dw, double[] db) {
        if (dw != null) {
            java.util.Arrays.fill(dw, 0, n, 0);
            java.util.Arrays.fill(db, 0, n, 0);
        }
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * n;
            int dr = dyo + r * n;
            double a = 0;
            double c = 0;
            for (int i = 0; i < n; i++) {
                double xhat = (x[xr + i] - mean[r]) * rstd[r];
                double g = w == null ? dy[dr + i] : dy[dr + i] * w[wo + i];
                a += g;
                c += g * xhat;
                if (dw != null) {
                    dw[i] += dy[dr + i] * xhat;
                    db[i] += dy[dr + i];
                }
            }
            a /= n;
            c /= n;
            if (dx != null) {
                for (int i = 0; i < n; i++) {
                    double xhat = (x[xr + i] - mean[r]) * rstd[r];
                    double g = w == null ? dy[dr + i] : dy[dr + i] * w[wo + i];
                    dx[r * n + i] = (g - a - xhat * c) * rstd[r];
                }
            }
        }
    }
}

package dev.dendrite.kernels;

/**
 * Recurrent step arithmetic in double precision, scalar loops: the specification FastRecurrent is tested against.
 */
public final class ReferenceRecurrent implements RecurrentCells<double[]> {
    ReferenceRecurrent() {}

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public double[] allocate(int n) {
        return new double[n];
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs, int bcs,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        ReferenceGemm.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
    }

    private record Strided(int k, int n, double[] b, int off, int brs, int bcs) implements Prepared {}

    @Override
    public Prepared prepare(int k, int n, double[] b, int bOff, int brs, int bcs) {
        return new Strided(k, n, b, bOff, brs, bcs);
    }

    @Override
    public void multiply(int m, double[] a, int aOff, int ars, int acs, Prepared b, double[] c, int cOff, int ldc,
                         boolean accumulate) {
        Strided s = (Strided) b;
        ReferenceGemm.gemm(m, s.n(), s.k(), a, aOff, ars, acs, s.b(), s.off(), s.brs(), s.bcs(), c, cOff, ldc, accumulate);
    }

    @Override
    public void copy(int n, double[] src, int sOff, double[] dst, int dOff) {
        System.arraycopy(src, sOff, dst, dOff, n);
    }

    @Override
    public void addTo(int n, double[] src, int sOff, double[] dst, int dOff) {
        for (int i = 0; i < n; i++) dst[dOff + i] += src[sOff + i];
    }

    @Override
    public void rnnForward(int hs, boolean relu, double[] pre, int po, double[] h, int ho) {
        for (int j = 0; j < hs; j++) {
            double v = pre[po + j];
            h[ho + j] = relu ? Math.max(v, 0) : Math.tanh(v);
        }
    }

    @Override
    public void rnnBackward(int hs, boolean relu, double[] h, int ho, double[] dh, int dho, double[] dPre, int dpo) {
        for (int j = 0; j < hs; j++) {
            double y = h[ho + j];
            dPre[dpo + j] = dh[dho + j] * (relu ? (y > 0 ? 1 : 0) : 1 - y * y);
            dh[dho + j] = 0;
        }
    }

    @Override
    public void lstmForward(int hs, double[] gates, int go, double[] cPrev, int cpo, double[] h, int ho, double[] c, int co) {
        for (int j = 0; j < hs; j++) {
            double i = sigmoid(gates[go + j]);
            double f = sigmoid(gates[go + hs + j]);
            double g = Math.tanh(gates[go + 2 * hs + j]);
            double o = sigmoid(gates[go + 3 * hs + j]);
            gates[go + j] = i;
            gates[go + hs + j] = f;
            gates[go + 2 * hs + j] = g;
            gates[go + 3 * hs + j] = o;
            double cell = f * cPrev[cpo + j] + i * g;
            c[co + j] = cell;
            h[ho + j] = o * Math.tanh(cell);
        }
    }

    @Override
    public void lstmBackward(int hs, double[] act, int ao, double[] cPrev, int cpo, double[] c, int co, double[] dh,
                             int dho, double[] dc, int dco, double[] dGates, int dgo) {
        for (int j = 0; j < hs; j++) {
            double i = act[ao + j];
            double f = act[ao + hs + j];
            double g = act[ao + 2 * hs + j];
            double o = act[ao + 3 * hs + j];
            double tc = Math.tanh(c[co + j]);
            double dhj = dh[dho + j];
            double dct = dc[dco + j] + dhj * o * (1 - tc * tc);
            dGates[dgo + j] = dct * g * i * (1 - i);
            dGates[dgo + hs + j] = dct * cPrev[cpo + j] * f * (1 - f);
            dGates[dgo + 2 * hs + j] = dct * i * (1 - g * g);
            dGates[dgo + 3 * hs + j] = dhj * tc * o * (1 - o);
            dc[dco + j] = dct * f;
            dh[dho + j] = 0;
        }
    }

    @Override
    public void gruForward(int hs, double[] x, int xo, double[] hh, int hho, double[] hPrev, int hpo, double[] act, int ao,
                           double[] h, int ho) {
        for (int j = 0; j < hs; j++) {
            double r = sigmoid(x[xo + j] + hh[hho + j]);
            double z = sigmoid(x[xo + hs + j] + hh[hho + hs + j]);
            double n = Math.tanh(x[xo + 2 * hs + j] + r * hh[hho + 2 * hs + j]);
            act[ao + j] = r;
            act[ao + hs + j] = z;
            act[ao + 2 * hs + j] = n;
            h[ho + j] = (1 - z) * n + z * hPrev[hpo + j];
        }
    }

    @Override
    public void gruBackward(int hs, double[] act, int ao, double[] hh, int hho, double[] hPrev, int hpo, double[] dh,
                            int dho, double[] dx, int dxo, double[] dhh, int dhho) {
        for (int j = 0; j < hs; j++) {
            double r = act[ao + j];
            double z = act[ao + hs + j];
            double n = act[ao + 2 * hs + j];
            double d = dh[dho + j];
            double dn = d * (1 - z) * (1 - n * n);
            double dr = dn * hh[hho + 2 * hs + j] * r * (1 - r);
            double dz = d * (hPrev[hpo + j] - n) * z * (1 - z);
            dx[dxo + j] = dr;
            dx[dxo + hs + j] = dz;
            dx[dxo + 2 * hs + j] = dn;
            dhh[dhho + j] = dr;
            dhh[dhho + hs + j] = dz;
            dhh[dhho + 2 * hs + j] = dn * r;
            dh[dho + j] = d * z;
        }
    }
}

// Recurrent step arithmetic on float[] with the Vector API: each step is one pass over the row's gates (masked
// vectors cover the tail), the GEMMs go to FastGemm. Tested against ReferenceRecurrent.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class FastRecurrent implements RecurrentCells<float[]> {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    FastRecurrent() {}

    private static FloatVector load(float[] a, int i, VectorMask<Float> m) {
        return FloatVector.fromArray(S, a, i, m);
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    private static FloatVector tanh(FloatVector x) {
        return x.lanewise(VectorOperators.TANH);
    }

    /** v * (1 - v): the derivative of the sigmoid at its output v. */
    private static FloatVector sigmoidSlope(FloatVector v) {
        return v.mul(v.neg().add(1f));
    }

    /** 1 - v * v: the derivative of tanh at its output v. */
    private static FloatVector tanhSlope(FloatVector v) {
        return v.mul(v).neg().add(1f);
    }

    @Override
    public float[] allocate(int n) {
        return new float[n];
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        FastGemm.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, accumulate);
    }

    private record Packed(FastGemm.Packed b) implements Prepared {}

    @Override
    public Prepared prepare(int k, int n, float[] b, int bOff, int brs, int bcs) {
        return new Packed(FastGemm.pack(k, n, b, bOff, brs, bcs));
    }

    @Override
    public void multiply(int m, float[] a, int aOff, int ars, int acs, Prepared b, float[] c, int cOff, int ldc,
                         boolean accumulate) {
        FastGemm.gemm(m, a, aOff, ars, acs, ((Packed) b).b(), c, cOff, ldc, accumulate);
    }

    @Override
    public void copy(int n, float[] src, int sOff, float[] dst, int dOff) {
        System.arraycopy(src, sOff, dst, dOff, n);
    }

    @Override
    public void addTo(int n, float[] src, int sOff, float[] dst, int dOff) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            load(dst, dOff + j, m).add(load(src, sOff + j, m)).intoArray(dst, dOff + j, m);
        }
    }

    @Override
    public void zero(int n, float[] dst, int dOff) {
        java.util.Arrays.fill(dst, dOff, dOff + n, 0f);
    }

    @Override
    public void lstmForward(int hs, float[] gates, int go, float[] cPrev, int cpo, float[] h, int ho, float[] c, int co) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, hs);
            FloatVector i = sigmoid(load(gates, go + j, m));
            FloatVector f = sigmoid(load(gates, go + hs + j, m));
            FloatVector g = tanh(load(gates, go + 2 * hs + j, m));
            FloatVector o = sigmoid(load(gates, go + 3 * hs + j, m));
            i.intoArray(gates, go + j, m);
            f.intoArray(gates, go + hs + j, m);
            g.intoArray(gates, go + 2 * hs + j, m);
            o.intoArray(gates, go + 3 * hs + j, m);
            FloatVector cell = f.mul(load(cPrev, cpo + j, m)).add(i.mul(g));
            cell.intoArray(c, co + j, m);
            o.mul(tanh(cell)).intoArray(h, ho + j, m);
        }
    }

    @Override
    public void lstmBackward(int hs, float[] act, int ao, float[] cPrev, int cpo, float[] c, int co, float[] dh, int dho,
                             float[] dc, int dco, float[] dGates, int dgo) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, hs);
            FloatVector i = load(act, ao + j, m);
            FloatVector f = load(act, ao + hs + j, m);
            FloatVector g = load(act, ao + 2 * hs + j, m);
            FloatVector o = load(act, ao + 3 * hs + j, m);
            FloatVector tc = tanh(load(c, co + j, m));
            FloatVector d = load(dh, dho + j, m);
            FloatVector dct = load(dc, dco + j, m).add(d.mul(o).mul(tanhSlope(tc)));
            dct.mul(g).mul(sigmoidSlope(i)).intoArray(dGates, dgo + j, m);
            dct.mul(load(cPrev, cpo + j, m)).mul(sigmoidSlope(f)).intoArray(dGates, dgo + hs + j, m);
            dct.mul(i).mul(tanhSlope(g)).intoArray(dGates, dgo + 2 * hs + j, m);
            d.mul(tc).mul(sigmoidSlope(o)).intoArray(dGates, dgo + 3 * hs + j, m);
            dct.mul(f).intoArray(dc, dco + j, m);
            FloatVector.zero(S).intoArray(dh, dho + j, m);
        }
    }

    @Override
    public void gruForward(int hs, float[] x, int xo, float[] hh, int hho, float[] hPrev, int hpo, float[] act, int ao,
                           float[] h, int ho) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, hs);
            FloatVector r = sigmoid(load(x, xo + j, m).add(load(hh, hho + j, m)));
            FloatVector z = sigmoid(load(x, xo + hs + j, m).add(load(hh, hho + hs + j, m)));
            FloatVector n = tanh(load(x, xo + 2 * hs + j, m).add(r.mul(load(hh, hho + 2 * hs + j, m))));
            r.intoArray(act, ao + j, m);
            z.intoArray(act, ao + hs + j, m);
            n.intoArray(act, ao + 2 * hs + j, m);
            n.add(z.mul(load(hPrev, hpo + j, m).sub(n))).intoArray(h, ho + j, m);
        }
    }

    @Override
    public void gruBackward(int hs, float[] act, int ao, float[] hh, int hho, float[] hPrev, int hpo, float[] dh, int dho,
                            float[] dx, int dxo, float[] dhh, int dhho) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, hs);
            FloatVector r = load(act, ao + j, m);
            FloatVector z = load(act, ao + hs + j, m);
            FloatVector n = load(act, ao + 2 * hs + j, m);
            FloatVector d = load(dh, dho + j, m);
            FloatVector dn = d.mul(z.neg().add(1f)).mul(tanhSlope(n));
            FloatVector dr = dn.mul(load(hh, hho + 2 * hs + j, m)).mul(sigmoidSlope(r));
            FloatVector dz = d.mul(load(hPrev, hpo + j, m).sub(n)).mul(sigmoidSlope(z));
            dr.intoArray(dx, dxo + j, m);
            dz.intoArray(dx, dxo + hs + j, m);
            dn.intoArray(dx, dxo + 2 * hs + j, m);
            dr.intoArray(dhh, dhho + j, m);
            dz.intoArray(dhh, dhho + hs + j, m);
            dn.mul(r).intoArray(dhh, dhho + 2 * hs + j, m);
            d.mul(z).intoArray(dh, dho + j, m);
        }
    }
}

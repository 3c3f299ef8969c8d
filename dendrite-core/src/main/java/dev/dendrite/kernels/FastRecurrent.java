// Recurrent step arithmetic on float[] with the Vector API: each step is one pass over the row's gates, the GEMMs
// go to FastGemm. Full vectors use plain loads and stores; only a row's last partial vector uses a mask (a masked
// access the JIT cannot intrinsify falls back to a slow path, so it must not be on every lane group). Tested
// against ReferenceRecurrent.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class FastRecurrent implements RecurrentCells<float[]> {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    FastRecurrent() {}

    /** The lanes of a full vector (m null) or of the masked tail. */
    private static FloatVector load(float[] a, int i, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(S, a, i) : FloatVector.fromArray(S, a, i, m);
    }

    private static void store(FloatVector v, float[] a, int i, VectorMask<Float> m) {
        if (m == null) {
            v.intoArray(a, i);
        } else {
            v.intoArray(a, i, m);
        }
    }

    /** Null (no mask) for a full vector at j, else the mask of the lanes below n. */
    private static VectorMask<Float> tail(int j, int n) {
        return j + S.length() <= n ? null : S.indexInRange(j, n);
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
            VectorMask<Float> m = tail(j, n);
            store(load(dst, dOff + j, m).add(load(src, sOff + j, m)), dst, dOff + j, m);
        }
    }

    @Override
    public void lstmForward(int hs, float[] gates, int go, float[] cPrev, int cpo, float[] h, int ho, float[] c, int co) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector i = sigmoid(load(gates, go + j, m));
            FloatVector f = sigmoid(load(gates, go + hs + j, m));
            FloatVector g = tanh(load(gates, go + 2 * hs + j, m));
            FloatVector o = sigmoid(load(gates, go + 3 * hs + j, m));
            store(i, gates, go + j, m);
            store(f, gates, go + hs + j, m);
            store(g, gates, go + 2 * hs + j, m);
            store(o, gates, go + 3 * hs + j, m);
            FloatVector cell = f.mul(load(cPrev, cpo + j, m)).add(i.mul(g));
            store(cell, c, co + j, m);
            store(o.mul(tanh(cell)), h, ho + j, m);
        }
    }

    @Override
    public void lstmBackward(int hs, float[] act, int ao, float[] cPrev, int cpo, float[] c, int co, float[] dh, int dho,
                             float[] dc, int dco, float[] dGates, int dgo) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector i = load(act, ao + j, m);
            FloatVector f = load(act, ao + hs + j, m);
            FloatVector g = load(act, ao + 2 * hs + j, m);
            FloatVector o = load(act, ao + 3 * hs + j, m);
            FloatVector tc = tanh(load(c, co + j, m));
            FloatVector d = load(dh, dho + j, m);
            FloatVector dct = load(dc, dco + j, m).add(d.mul(o).mul(tanhSlope(tc)));
            store(dct.mul(g).mul(sigmoidSlope(i)), dGates, dgo + j, m);
            store(dct.mul(load(cPrev, cpo + j, m)).mul(sigmoidSlope(f)), dGates, dgo + hs + j, m);
            store(dct.mul(i).mul(tanhSlope(g)), dGates, dgo + 2 * hs + j, m);
            store(d.mul(tc).mul(sigmoidSlope(o)), dGates, dgo + 3 * hs + j, m);
            store(dct.mul(f), dc, dco + j, m);
            store(FloatVector.zero(S), dh, dho + j, m);
        }
    }

    @Override
    public void gruForward(int hs, float[] x, int xo, float[] hh, int hho, float[] hPrev, int hpo, float[] act, int ao,
                           float[] h, int ho) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector r = sigmoid(load(x, xo + j, m).add(load(hh, hho + j, m)));
            FloatVector z = sigmoid(load(x, xo + hs + j, m).add(load(hh, hho + hs + j, m)));
            FloatVector n = tanh(load(x, xo + 2 * hs + j, m).add(r.mul(load(hh, hho + 2 * hs + j, m))));
            store(r, act, ao + j, m);
            store(z, act, ao + hs + j, m);
            store(n, act, ao + 2 * hs + j, m);
            store(n.add(z.mul(load(hPrev, hpo + j, m).sub(n))), h, ho + j, m);
        }
    }

    @Override
    public void gruBackward(int hs, float[] act, int ao, float[] hh, int hho, float[] hPrev, int hpo, float[] dh, int dho,
                            float[] dx, int dxo, float[] dhh, int dhho) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector r = load(act, ao + j, m);
            FloatVector z = load(act, ao + hs + j, m);
            FloatVector n = load(act, ao + 2 * hs + j, m);
            FloatVector d = load(dh, dho + j, m);
            FloatVector dn = d.mul(z.neg().add(1f)).mul(tanhSlope(n));
            FloatVector dr = dn.mul(load(hh, hho + 2 * hs + j, m)).mul(sigmoidSlope(r));
            FloatVector dz = d.mul(load(hPrev, hpo + j, m).sub(n)).mul(sigmoidSlope(z));
            store(dr, dx, dxo + j, m);
            store(dz, dx, dxo + hs + j, m);
            store(dn, dx, dxo + 2 * hs + j, m);
            store(dr, dhh, dhho + j, m);
            store(dz, dhh, dhho + hs + j, m);
            store(dn.mul(r), dhh, dhho + 2 * hs + j, m);
            store(d.mul(z), dh, dho + j, m);
        }
    }
}

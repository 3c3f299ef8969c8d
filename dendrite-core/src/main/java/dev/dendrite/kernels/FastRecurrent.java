package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Recurrent step arithmetic on float[] with the Vector API: each step is a few passes over the row's gates (the
 * sigmoids and tanhs through VectorMath), the GEMMs go to FastGemm. Full vectors use plain loads and stores; only a
 * row's last partial vector uses a mask (a masked access the JIT cannot intrinsify falls back to a slow path, so it
 * must not be on every lane group). Tested against ReferenceRecurrent.
 */
public final class FastRecurrent implements RecurrentCells<float[]> {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    FastRecurrent() {}

    /** The lanes of the mask (all of them for a full vector). */
    private static FloatVector load(float[] a, int i, VectorMask<Float> m) {
        return FloatVector.fromArray(S, a, i, m);
    }

    private static void store(FloatVector v, float[] a, int i, VectorMask<Float> m) {
        v.intoArray(a, i, m);
    }

    /**
     * The mask of the lanes below n at j: all lanes for a full vector. NOTE: choosing between an unmasked access
     * (a null mask) and a masked one per iteration made C2 on JDK 25.0.3 emit code that halts the JVM ("fatal
     * error: DEBUG MESSAGE: (null)" in the compiled gruForward); one masked form throughout does not.
     */
    private static VectorMask<Float> tail(int j, int n) {
        return S.indexInRange(j, n);
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
    public void rnnForward(int hs, boolean relu, float[] pre, int po, float[] h, int ho) {
        if (!relu) {
            VectorMath.tanh(pre, po, h, ho, hs);
            return;
        }
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            store(load(pre, po + j, m).max(0f), h, ho + j, m);
        }
    }

    @Override
    public void rnnBackward(int hs, boolean relu, float[] h, int ho, float[] dh, int dho, float[] dPre, int dpo) {
        // NOTE: one loop per nonlinearity: choosing between two vector values inside the loop can cost C2's
        // unboxing of the vectors
        if (relu) {
            for (int j = 0; j < hs; j += S.length()) {
                VectorMask<Float> m = tail(j, hs);
                FloatVector d = load(dh, dho + j, m);
                store(FloatVector.zero(S).blend(d, load(h, ho + j, m).compare(VectorOperators.GT, 0f)), dPre, dpo + j, m);
                store(FloatVector.zero(S), dh, dho + j, m);
            }
        } else {
            for (int j = 0; j < hs; j += S.length()) {
                VectorMask<Float> m = tail(j, hs);
                store(load(dh, dho + j, m).mul(tanhSlope(load(h, ho + j, m))), dPre, dpo + j, m);
                store(FloatVector.zero(S), dh, dho + j, m);
            }
        }
    }

    @Override
    public void lstmForward(int hs, float[] gates, int go, float[] cPrev, int cpo, float[] h, int ho, float[] c, int co) {
        VectorMath.sigmoid(gates, go, gates, go, 2 * hs); // i, f
        VectorMath.tanh(gates, go + 2 * hs, gates, go + 2 * hs, hs); // g
        VectorMath.sigmoid(gates, go + 3 * hs, gates, go + 3 * hs, hs); // o
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector i = load(gates, go + j, m);
            FloatVector f = load(gates, go + hs + j, m);
            FloatVector g = load(gates, go + 2 * hs + j, m);
            store(f.mul(load(cPrev, cpo + j, m)).add(i.mul(g)), c, co + j, m);
        }
        VectorMath.tanh(c, co, h, ho, hs);
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            store(load(gates, go + 3 * hs + j, m).mul(load(h, ho + j, m)), h, ho + j, m);
        }
    }

    @Override
    public void lstmBackward(int hs, float[] act, int ao, float[] cPrev, int cpo, float[] c, int co, float[] dh, int dho,
                             float[] dc, int dco, float[] dGates, int dgo) {
        // tanh(c) goes to the output gate's gradient slot, read there before it is overwritten.
        // NOTE: two methods rather than one loop: the one-loop method was too large for C1 ("out of virtual
        // registers"), and was then sometimes never compiled by C2 either and ran the Vector API's fallback, 25x
        // slower.
        VectorMath.tanh(c, co, dGates, dgo + 3 * hs, hs);
        lstmCellGradient(hs, act, ao, dh, dho, dc, dco, dGates, dgo);
        lstmGateGradients(hs, act, ao, cPrev, cpo, dc, dco, dGates, dgo);
    }

    /** dc += dh * o * tanh'(c), the output gate's gradient, and dh cleared; tanh(c) comes in o's gradient slot. */
    private static void lstmCellGradient(int hs, float[] act, int ao, float[] dh, int dho, float[] dc, int dco,
                                         float[] dGates, int dgo) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector o = load(act, ao + 3 * hs + j, m);
            FloatVector tc = load(dGates, dgo + 3 * hs + j, m);
            FloatVector d = load(dh, dho + j, m);
            store(load(dc, dco + j, m).add(d.mul(o).mul(tanhSlope(tc))), dc, dco + j, m);
            store(d.mul(tc).mul(sigmoidSlope(o)), dGates, dgo + 3 * hs + j, m);
            store(FloatVector.zero(S), dh, dho + j, m);
        }
    }

    /** The input, forget and cell-candidate gates' gradients from the cell gradient dc, then dc * f into dc. */
    private static void lstmGateGradients(int hs, float[] act, int ao, float[] cPrev, int cpo, float[] dc, int dco,
                                          float[] dGates, int dgo) {
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector i = load(act, ao + j, m);
            FloatVector f = load(act, ao + hs + j, m);
            FloatVector g = load(act, ao + 2 * hs + j, m);
            FloatVector dct = load(dc, dco + j, m);
            store(dct.mul(g).mul(sigmoidSlope(i)), dGates, dgo + j, m);
            store(dct.mul(load(cPrev, cpo + j, m)).mul(sigmoidSlope(f)), dGates, dgo + hs + j, m);
            store(dct.mul(i).mul(tanhSlope(g)), dGates, dgo + 2 * hs + j, m);
            store(dct.mul(f), dc, dco + j, m);
        }
    }

    @Override
    public void gruForward(int hs, float[] x, int xo, float[] hh, int hho, float[] hPrev, int hpo, float[] act, int ao,
                           float[] h, int ho) {
        for (int j = 0; j < 2 * hs; j += S.length()) {
            VectorMask<Float> m = tail(j, 2 * hs);
            store(load(x, xo + j, m).add(load(hh, hho + j, m)), act, ao + j, m);
        }
        VectorMath.sigmoid(act, ao, act, ao, 2 * hs); // r, z
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector r = load(act, ao + j, m);
            store(load(x, xo + 2 * hs + j, m).add(r.mul(load(hh, hho + 2 * hs + j, m))), act, ao + 2 * hs + j, m);
        }
        VectorMath.tanh(act, ao + 2 * hs, act, ao + 2 * hs, hs); // n
        for (int j = 0; j < hs; j += S.length()) {
            VectorMask<Float> m = tail(j, hs);
            FloatVector z = load(act, ao + hs + j, m);
            FloatVector n = load(act, ao + 2 * hs + j, m);
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

package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates on float[]: one Vector API pass that reads the gradient and state once and writes the
 * parameter and state in place, instead of a dozen temporary tensors per step. Same formulas, same order of
 * operations as the tensor-op versions in dev.dendrite.optim (the float64 reference path).
 */
public final class FastOptim {
    private static final VectorSpecies<Float> S = FastUnary.S;

    private FastOptim() {}

    /**
     * Adam / AdamW step over n elements: g' = g + wd p (L2) or p *= 1 - lr wd (decoupled); m = b1 m + (1 - b1) g';
     * v = b2 v + (1 - b2) g'^2; vmax = max(vmax, v) when vmax != null; p -= lr / bias1 * m / (sqrt(v) / sqrt(bias2) + eps).
     */
    public static void adam(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, float[] vmax, int n, float lr,
                            float beta1, float beta2, float eps, float weightDecay, boolean decoupled, float bias1,
                            float bias2) {
        Parallel.range(n, FastUnary.GRAIN, (from, to) -> adamRange(p, pOff, g, gOff, m, v, vmax, from, to, lr, beta1, beta2,
                eps, weightDecay, decoupled, bias1, bias2));
    }

    private static void adamRange(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, float[] vmax, int from,
                                  int to, float lr, float beta1, float beta2, float eps, float wd, boolean decoupled,
                                  float bias1, float bias2) {
        float stepSize = lr / bias1;
        float sqrtBias2 = (float) Math.sqrt(bias2);
        float decay = decoupled ? 1 - lr * wd : 1;
        float l2 = decoupled ? 0 : wd;
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector gv = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(l2));
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(1 - beta1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(1 - beta2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector second = vv;
            if (vmax != null) {
                second = FloatVector.fromArray(S, vmax, i).max(vv);
                second.intoArray(vmax, i);
            }
            FloatVector denominator = second.sqrt().div(sqrtBias2).add(eps);
            pv.mul(decay).sub(mv.div(denominator).mul(stepSize)).intoArray(p, pOff + i);
        }
        for (; i < to; i++) {
            float pi = p[pOff + i];
            float gi = g[gOff + i] + l2 * pi;
            float mi = beta1 * m[i] + (1 - beta1) * gi;
            float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float second = vi;
            if (vmax != null) {
                second = Math.max(vmax[i], vi);
                vmax[i] = second;
            }
            p[pOff + i] = pi * decay - mi / ((float) Math.sqrt(second) / sqrtBias2 + eps) * stepSize;
        }
    }
}

// word2vec's inner loops on raw rows (Mikolov et al. 2013, as the original word2vec.c runs them): the dot product of
// an input and an output row, and the fused update that adds g * output to the input's error and g * input to the
// output, one pass over both rows.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

public final class FastWord2Vec {
    private static final VectorSpecies<Float> S = FastUnary.S;

    private FastWord2Vec() {}

    /** a[ao .. ao + n) . b[bo .. bo + n), lanes summed in a fixed order (see Lanes). */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = Lanes.sum(acc);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /** err += g * out, then out += g * in, element by element (err reads out before out changes). */
    public static void update(float g, float[] in, int io, float[] out, int oo, float[] err, int eo, int n) {
        int i = 0;
        FloatVector gv = FloatVector.broadcast(S, g);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector o = FloatVector.fromArray(S, out, oo + i);
            o.fma(gv, FloatVector.fromArray(S, err, eo + i)).intoArray(err, eo + i);
            FloatVector.fromArray(S, in, io + i).fma(gv, o).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float o = out[oo + i];
            err[eo + i] += g * o;
            out[oo + i] = o + g * in[io + i];
        }
    }

    /** y += a * x. */
    public static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector av = FloatVector.broadcast(S, a);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }
}

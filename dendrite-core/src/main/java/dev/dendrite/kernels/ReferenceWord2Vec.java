// The specification of FastWord2Vec's loops: plain scalar loops, sums in double.
package dev.dendrite.kernels;

public final class ReferenceWord2Vec {
    private ReferenceWord2Vec() {}

    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) a[ao + i] * b[bo + i];
        }
        return (float) sum;
    }

    public static void update(float g, float[] in, int io, float[] out, int oo, float[] err, int eo, int n) {
        for (int i = 0; i < n; i++) {
            float o = out[oo + i];
            err[eo + i] += g * o;
            out[oo + i] = o + g * in[io + i];
        }
    }

    public static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }
}

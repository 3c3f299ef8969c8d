// Arrays for kernel tests: seeded Gaussian float inputs and their exact double copies for the reference kernels.
package dev.dendrite.kernels;

import dev.dendrite.tensor.Generator;

final class KernelArrays {
    private KernelArrays() {}

    /** n values N(0, scale^2) from {@code gen}. */
    static float[] gaussian(Generator gen, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (scale * gen.nextGaussian());
        return a;
    }

    /** The same values as doubles. */
    static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}

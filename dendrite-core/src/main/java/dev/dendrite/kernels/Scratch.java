package dev.dendrite.kernels;

/**
 * A float array per thread, kept between calls and grown when a call needs more, for a kernel's working memory.
 * Arrays of a few MB are "humongous" to G1 (at least half a 4 MB region): each new one cost 0.3-2.4 ms on Zen 5 where
 * filling it cost 0.06 ms, so kernels that need them every call take them from here. The contents are whatever the
 * last call left: callers write before they read. One holder per purpose, never used by two calls at once on one
 * thread (kernels do not nest).
 */
final class Scratch {
    private final ThreadLocal<float[]> arrays = ThreadLocal.withInitial(() -> new float[0]);

    /** This thread's array of at least n floats. */
    float[] floats(int n) {
        float[] a = arrays.get();
        if (a.length < n) {
            a = new float[n];
            arrays.set(a);
        }
        return a;
    }
}

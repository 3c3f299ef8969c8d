package dev.dendrite.kernels;

/**
 * Copies an N-d strided view into another of the same shape (either side may be non-contiguous). The innermost
 * dimension runs as a tight loop, or as System.arraycopy when both sides are unit-stride.
 */
public final class StridedCopy {
    private StridedCopy() {}

    /** Copies {@code shape} elements from (src, srcOff, srcStrides) to (dst, dstOff, dstStrides); arrays of one type. */
    public static void copy(int[] shape, Object src, int srcOff, int[] srcStrides, Object dst, int dstOff, int[] dstStrides) {
        int rank = shape.length;
        for (int d : shape) {
            if (d == 0) {
                return;
            }
        }
        if (rank == 0) {
            System.arraycopy(src, srcOff, dst, dstOff, 1);
            return;
        }
        int n = shape[rank - 1];
        int ss = srcStrides[rank - 1];
        int ds = dstStrides[rank - 1];
        int[] index = new int[rank];
        int so = srcOff;
        int dOff = dstOff;
        while (true) {
            if (ss == 1 && ds == 1) {
                System.arraycopy(src, so, dst, dOff, n);
            } else if (src instanceof float[] s && dst instanceof float[] t) {
                for (int i = 0; i < n; i++) t[dOff + i * ds] = s[so + i * ss];
            } else if (src instanceof double[] s && dst instanceof double[] t) {
                for (int i = 0; i < n; i++) t[dOff + i * ds] = s[so + i * ss];
            } else if (src instanceof long[] s && dst instanceof long[] t) {
                for (int i = 0; i < n; i++) t[dOff + i * ds] = s[so + i * ss];
            } else {
                throw new IllegalArgumentException("StridedCopy: arrays of different types");
            }
            int d = rank - 2;
            while (d >= 0) {
                index[d]++;
                so += srcStrides[d];
                dOff += dstStrides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                so -= srcStrides[d] * shape[d];
                dOff -= dstStrides[d] * shape[d];
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}

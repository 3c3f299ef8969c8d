package dev.dendrite.tensor;

import dev.dendrite.memory.ZeroedArrays;

/**
 * The flat array behind one or more tensor views, with a version counter that in-place writes bump so autograd can
 * tell when a saved tensor was modified after it was saved.
 */
public sealed abstract class Storage permits Storage.F32, Storage.F64, Storage.I64 {
    private int version;

    public abstract DType dtype();

    public abstract int length();

    /** Element {@code i} widened to double (INT64 values beyond 2^53 lose precision). */
    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** The backing primitive array ({@code float[]}, {@code double[]} or {@code long[]}). */
    public abstract Object array();

    public final int version() {
        return version;
    }

    public final void bumpVersion() {
        version++;
    }

    /** Zeroed storage of {@code n} elements; large float32 arrays may come prepared ahead by idle workers. */
    public static Storage allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new F32(ZeroedArrays.take(n));
            case FLOAT64 -> new F64(new double[n]);
            case INT64 -> new I64(new long[n]);
        };
    }

    /** float32 elements in a float[]. */
    public static final class F32 extends Storage {
        public final float[] data;

        public F32(float[] data) {
            this.data = data;
        }

        public DType dtype() {
            return DType.FLOAT32;
        }

        public int length() {
            return data.length;
        }

        public double get(int i) {
            return data[i];
        }

        public void set(int i, double v) {
            data[i] = (float) v;
        }

        public Object array() {
            return data;
        }
    }

    /** float64 elements in a double[]. */
    public static final class F64 extends Storage {
        public final double[] data;

        public F64(double[] data) {
            this.data = data;
        }

        public DType dtype() {
            return DType.FLOAT64;
        }

        public int length() {
            return data.length;
        }

        public double get(int i) {
            return data[i];
        }

        public void set(int i, double v) {
            data[i] = v;
        }

        public Object array() {
            return data;
        }
    }

    /** int64 elements in a long[]. */
    public static final class I64 extends Storage {
        public final long[] data;

        public I64(long[] data) {
            this.data = data;
        }

        public DType dtype() {
            return DType.INT64;
        }

        public int length() {
            return data.length;
        }

        public double get(int i) {
            return data[i];
        }

        public void set(int i, double v) {
            data[i] = (long) v;
        }

        public Object array() {
            return data;
        }
    }
}

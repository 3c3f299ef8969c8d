package dev.dendrite.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimension sizes, printed as PyTorch prints sizes: (2, 3, 4).
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given sizes; every size must be >= 0. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new ShapeException("shape: sizes must be >= 0, got " + Arrays.toString(dims));
            }
        }
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new ShapeException("shape: " + Arrays.toString(dims) + " has more than 2^31-1 elements");
            }
        }
        return new Shape(dims.clone());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) {
        return dims[normalizeDim(d, "size")];
    }

    /** Total number of elements (1 for a scalar). */
    public int numel() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /** Maps a possibly negative dimension index into [0, rank), or throws naming the op. */
    public int normalizeDim(int dim, String op) {
        int r = dims.length;
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw new ShapeException(op + ": dimension " + dim + " is out of range for a tensor of shape " + this
                    + " (rank " + r + "); valid dims are " + (r == 0 ? "none" : "[" + (-r) + ", " + (r - 1) + "]"));
        }
        return d;
    }

    /** Row-major (C order) strides for this shape. */
    public int[] contiguousStrides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 1);
        }
        return s;
    }

    /** NumPy broadcasting of two shapes, or a ShapeException naming {@code op}. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + a + " and " + b + " cannot be broadcast: dimension "
                        + (i - r) + " has sizes " + da + " and " + db + " (each must be equal or 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}

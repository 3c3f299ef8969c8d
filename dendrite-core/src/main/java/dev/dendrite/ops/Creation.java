package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Tensor factories: constants, ranges, identity, copies of Java arrays, and random fills drawn in row-major order
 * from an explicit Generator.
 */
public final class Creation {
    private Creation() {}

    public static Tensor full(double value, DType dtype, int... dims) {
        Tensor t = Tensor.empty(dtype, dims);
        switch (t.storage()) {
            case Storage.F32 s -> Arrays.fill(s.data, (float) value);
            case Storage.F64 s -> Arrays.fill(s.data, value);
            case Storage.I64 s -> Arrays.fill(s.data, (long) value);
        }
        return t;
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: start, end and step must be finite and step non-zero, got "
                    + start + ", " + end + ", " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = Tensor.empty(dtype, n);
        for (int i = 0; i < n; i++) {
            t.storage().set(i, start + i * step);
        }
        return t;
    }

    public static Tensor eye(int n, DType dtype) {
        Tensor t = Tensor.empty(dtype, n, n);
        for (int i = 0; i < n; i++) {
            t.storage().set(i * n + i, 1);
        }
        return t;
    }

    /** Wraps {@code data} (float[], double[] or long[], not copied) with the given dims (none: 1-d). */
    public static Tensor fromArray(Object data, int... dims) {
        Storage storage = switch (data) {
            case float[] f -> new Storage.F32(f);
            case double[] d -> new Storage.F64(d);
            case long[] l -> new Storage.I64(l);
            default -> throw new IllegalArgumentException("fromArray: unsupported array type " + data.getClass());
        };
        Shape shape = dims.length == 0 ? Shape.of(storage.length()) : Shape.of(dims);
        if (shape.numel() != storage.length()) {
            throw new ShapeException("fromArray: " + storage.length() + " values cannot fill shape " + shape
                    + " (" + shape.numel() + " elements)");
        }
        return Tensor.view(storage, shape, shape.contiguousStrides(), 0);
    }

    public static Tensor matrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new ShapeException("of: row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return fromArray(data, rows.length, cols);
    }

    public static Tensor uniform(Generator g, double low, double high, DType dtype, int... dims) {
        Tensor t = Tensor.empty(dtype, dims);
        Storage s = t.storage();
        for (int i = 0; i < s.length(); i++) {
            s.set(i, low + (high - low) * g.nextDouble());
        }
        return t;
    }

    public static Tensor normal(Generator g, double mean, double std, DType dtype, int... dims) {
        Tensor t = Tensor.empty(dtype, dims);
        Storage s = t.storage();
        for (int i = 0; i < s.length(); i++) {
            s.set(i, mean + std * g.nextGaussian());
        }
        return t;
    }

    public static Tensor bernoulli(Generator g, double p, DType dtype, int... dims) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        }
        Tensor t = Tensor.empty(dtype, dims);
        Storage s = t.storage();
        for (int i = 0; i < s.length(); i++) {
            s.set(i, g.nextDouble() < p ? 1 : 0);
        }
        return t;
    }
}

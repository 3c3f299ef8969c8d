package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Adds the fixed positional encoding of "Attention Is All You Need": PE(pos, 2i) = sin(pos / 10000^(2i / d)),
 * PE(pos, 2i + 1) = cos(pos / 10000^(2i / d)), so each position gets a unique pattern and relative offsets are
 * linear functions of it. Nothing is learned or saved; the table is computed in double precision for the longest
 * sequence seen. Shapes: x (B, T, d) batch-first or (T, B, d) -&gt; the same.
 */
public final class SinusoidalPositionalEncoding extends Layer {
    private final int dModel;
    private final boolean batchFirst;
    private Tensor table = Tensor.zeros(DType.FLOAT32, 0, 0);

    public SinusoidalPositionalEncoding(int dModel, boolean batchFirst) {
        if (dModel < 1) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dModel must be >= 1, got " + dModel);
        }
        this.dModel = dModel;
        this.batchFirst = batchFirst;
    }

    /** The encodings of positions 0..length-1, (length, dModel), FLOAT32. */
    public static Tensor table(int length, int dModel) {
        float[] pe = new float[length * dModel];
        for (int pos = 0; pos < length; pos++) {
            for (int i = 0; i < dModel; i++) {
                double angle = pos / Math.pow(10000, (i - i % 2) / (double) dModel);
                pe[pos * dModel + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return Tensor.fromArray(pe, length, dModel);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(2) != dModel) {
            throw new ShapeException(describe() + ": expected " + (batchFirst ? "(B, T, " : "(T, B, ") + dModel
                    + "), got " + x.shape());
        }
        int length = x.size(batchFirst ? 1 : 0);
        synchronized (this) {
            if (table.size(0) < length) {
                table = table(length, dModel);
            }
        }
        Tensor pe = table.slice(0, 0, length, 1).to(x.dtype());
        return x.add(batchFirst ? pe : pe.unsqueeze(1));
    }

    @Override
    public String toString() {
        return "SinusoidalPositionalEncoding(" + dModel + (batchFirst ? ", batch-first" : ", time-first") + ")";
    }
}

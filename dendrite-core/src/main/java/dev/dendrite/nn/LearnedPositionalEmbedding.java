package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Adds a learned vector per position (BERT, GPT): {@code weight} (maxLength, dModel), initialised N(0, 0.02^2) as
 * GPT-2 and BERT do. Positions count from {@code start} (a decoder generating token by token passes the number of
 * tokens already cached). Shapes: x (B, T, dModel) -&gt; the same, with start + T &lt;= maxLength.
 */
public final class LearnedPositionalEmbedding extends Layer {
    private final int maxLength;
    private final int dModel;
    private final Tensor weight;

    public LearnedPositionalEmbedding(int maxLength, int dModel, Generator g) {
        if (maxLength < 1 || dModel < 1) {
            throw new IllegalArgumentException("LearnedPositionalEmbedding: sizes must be >= 1, got " + maxLength
                    + ", " + dModel);
        }
        this.maxLength = maxLength;
        this.dModel = dModel;
        this.weight = registerParameter("weight", Init.normal(Tensor.zeros(DType.FLOAT32, maxLength, dModel), 0, 0.02, g));
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** x plus the embeddings of positions start .. start + T - 1. */
    public Tensor forward(Tensor x, int start) {
        if (x.rank() != 3 || x.size(2) != dModel) {
            throw new ShapeException(describe() + ": expected (B, T, " + dModel + "), got " + x.shape());
        }
        if (start < 0 || start + x.size(1) > maxLength) {
            throw new ShapeException(describe() + ": positions " + start + ".." + (start + x.size(1) - 1)
                    + " exceed the " + maxLength + " learned positions; build it with a larger maxLength");
        }
        return x.add(weight.slice(0, start, start + x.size(1), 1));
    }

    @Override
    public String toString() {
        return "LearnedPositionalEmbedding(" + maxLength + ", " + dModel + ")";
    }
}

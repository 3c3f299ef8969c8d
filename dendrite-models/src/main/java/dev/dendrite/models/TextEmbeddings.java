package dev.dendrite.models;

import dev.dendrite.nn.Embedding;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The word embedding of the neural text classifiers: rows drawn from U[-0.25, 0.25] as Kim 2014 initialises words
 * without pretrained vectors (PyTorch's N(0, 1) rows are four times wider than Adam's steps can move in a few
 * epochs, so rare words would stay noise), row 0 the zero padding, and a row-sparse gradient.
 */
final class TextEmbeddings {
    private static final double RANGE = 0.25;

    private TextEmbeddings() {}

    static Embedding of(int count, int dim, Generator g) {
        Embedding embedding = new Embedding(count, dim, 0, 0, true, g);
        Tensor rows = Tensor.uniform(g, -RANGE, RANGE, DType.FLOAT32, count, dim);
        rows.narrow(0, 0, 1).zeroInPlace();
        embedding.weight().setData(rows);
        return embedding;
    }
}

package dev.dendrite.models;

import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Bag-of-words logistic regression, the baseline every neural text classifier must beat: each token id has one
 * weight per class (an embedding of width C with the padding row fixed at zero), a text's logits are the mean of
 * its tokens' weights plus a bias. Shapes: ids INT64 (B, T), lengths (B) -> logits (B, C).
 */
public final class BagOfWords extends Module {
    private final Embedding weights;
    private final Tensor bias;

    public BagOfWords(int vocabulary, int classes, Generator g) {
        this.weights = registerModule("weights", new Embedding(vocabulary, classes, 0, 0, g));
        try (var _ = dev.dendrite.autograd.Grad.disabled()) {
            weights.weight().mulInPlace(0); // logistic regression starts from zero weights
        }
        this.bias = registerParameter("bias", Tensor.zeros(classes));
    }

    public Tensor forward(Tensor ids, int[] lengths) {
        double[] inverse = new double[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            inverse[i] = 1.0 / lengths[i];
        }
        Tensor scale = Tensor.fromArray(inverse, lengths.length, 1).to(DType.FLOAT32);
        return weights.forward(ids).sum(new int[] {1}, false).mul(scale).add(bias); // (B, C)
    }

    @Override
    public String toString() {
        return "BagOfWords(" + weights.weight().size(0) + " tokens, " + bias.size(0) + " classes)";
    }
}

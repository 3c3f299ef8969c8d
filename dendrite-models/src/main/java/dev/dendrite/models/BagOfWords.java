package dev.dendrite.models;

import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Module;
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
        return meanOverTokens(weights.forward(ids), lengths).add(bias); // (B, C)
    }

    /**
     * The mean over each row's first {@code lengths[b]} tokens of embeddings (B, T, D) whose padding rows are zero
     * (an embedding's padding index): their sum over T divided by the length. Shapes: -> (B, D).
     */
    static Tensor meanOverTokens(Tensor embedded, int[] lengths) {
        double[] inverse = new double[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            inverse[i] = 1.0 / lengths[i];
        }
        Tensor scale = Tensor.fromArray(inverse, lengths.length, 1).to(embedded.dtype());
        return embedded.sum(new int[] {1}, false).mul(scale);
    }

    @Override
    public String toString() {
        return "BagOfWords(" + weights.weight().size(0) + " tokens, " + bias.size(0) + " classes)";
    }
}

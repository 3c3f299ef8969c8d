package dev.dendrite.models;

import dev.dendrite.autograd.Grad;
import dev.dendrite.nn.Conv1d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ModuleList;
import dev.dendrite.ops.Conv;
import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Kim's convolutional sentence classifier (Kim 2014, "Convolutional Neural Networks for Sentence Classification"):
 * word embeddings, one 1-d convolution per filter size (3, 4, 5 with 100 feature maps each in the paper) with ReLU,
 * max-over-time pooling of each map over the positions inside the text, the pooled features concatenated, dropout
 * 0.5, and a linear layer whose per-class weight rows are rescaled to an L2 norm of at most {@code maxNorm} (3)
 * before each training forward, as the paper constrains them after each update. Texts shorter than the widest
 * filter are padded up to it. Shapes: ids INT64 (B, T), lengths (B) -> logits (B, C).
 */
public final class TextCnn extends Module {
    private final Embedding embedding;
    private final ModuleList<Conv1d> convolutions;
    private final Dropout dropout;
    private final Linear output;
    private final int[] filters;
    private final double maxNorm;

    /** Sizes; the embedding (see TextEmbeddings) has a row-sparse gradient. */
    public TextCnn(int vocabulary, int dim, int[] filters, int maps, double dropout, double maxNorm, int classes,
                   Generator g) {
        this.filters = filters.clone();
        this.maxNorm = maxNorm;
        this.embedding = registerModule("embedding", TextEmbeddings.of(vocabulary, dim, g));
        List<Conv1d> convs = new ArrayList<>();
        for (int k : filters) {
            convs.add(new Conv1d(dim, maps, k, Padding.VALID, g));
        }
        this.convolutions = registerModule("convolutions", new ModuleList<>(convs));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        this.output = registerModule("output", new Linear(maps * filters.length, classes, g));
    }

    public Embedding embedding() {
        return embedding;
    }

    public Tensor forward(Tensor ids, int[] lengths) {
        int widest = java.util.Arrays.stream(filters).max().orElse(1);
        if (ids.size(1) < widest) {
            ids = ids.pad(new int[] {0, widest - ids.size(1)}, 0);
        }
        if (isTraining() && maxNorm > 0) {
            constrainOutputRows();
        }
        Tensor x = embedding.forward(ids); // (B, T, dim)
        List<Tensor> pooled = new ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            Conv1d conv = convolutions.get(i);
            // NOTE: conv1d channels-last as one GEMM over all taps, then the shifted sum of the taps: the same
            // cross-correlation as conv.forward(x.transpose(1, 2)), without transposing the batch twice.
            Tensor taps = x.matmul(conv.weight().permute(1, 2, 0).reshape(x.size(2), -1)); // (B, T, k * maps)
            Tensor maps = Conv.tapSum(taps, filters[i]).add(conv.bias()).relu(); // (B, T - k + 1, maps)
            int[] valid = new int[lengths.length];
            for (int b = 0; b < lengths.length; b++) {
                valid[b] = Math.max(1, lengths[b] - filters[i] + 1);
            }
            pooled.add(TimePooling.max(maps, valid)); // (B, maps)
        }
        return output.forward(dropout.forward(Tensor.cat(pooled, 1))); // (B, C)
    }

    /** Rescales each class's weight row to an L2 norm of at most maxNorm. */
    private void constrainOutputRows() {
        try (var _ = Grad.disabled()) {
            Tensor w = output.weight();
            for (int c = 0; c < w.size(0); c++) {
                Tensor row = w.narrow(0, c, 1);
                double norm = Math.sqrt(row.mul(row).sum().item());
                if (norm > maxNorm) {
                    row.mulInPlace(maxNorm / norm);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TextCnn(filters " + java.util.Arrays.toString(filters) + ")";
    }
}

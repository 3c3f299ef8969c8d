package dev.dendrite.models;

import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Lstm;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.RecurrentOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A recurrent text classifier (TextRNN, as in Liu et al. 2016's multi-task baselines): word embeddings, a
 * bidirectional LSTM over each text's own length, the max over its steps of both directions' states, dropout and
 * a linear layer. Shapes: ids INT64 (B, T), lengths (B) -> logits (B, C).
 */
public final class TextRnn extends Module {
    private final Embedding embedding;
    private final Lstm lstm;
    private final Dropout dropout;
    private final Linear output;

    public TextRnn(int vocabulary, int dim, int hidden, double dropout, int classes, Generator g) {
        this.embedding = registerModule("embedding", TextEmbeddings.of(vocabulary, dim, g));
        this.lstm = registerModule("lstm", new Lstm(dim, hidden,
                RecurrentOptions.BATCH_FIRST.withBidirectional(true), g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        this.output = registerModule("output", new Linear(2 * hidden, classes, g));
    }

    public Embedding embedding() {
        return embedding;
    }

    public Tensor forward(Tensor ids, int[] lengths) {
        Tensor states = lstm.forward(embedding.forward(ids), lengths, null, null).output(); // (B, T, 2H)
        return output.forward(dropout.forward(TimePooling.max(states, lengths))); // (B, C)
    }

    @Override
    public String toString() {
        return "TextRnn(" + lstm + ")";
    }
}

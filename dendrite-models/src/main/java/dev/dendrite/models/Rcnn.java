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
 * The recurrent convolutional text classifier (Lai et al. 2015, "Recurrent Convolutional Neural Networks for Text
 * Classification"): each word is represented by its left context, its embedding and its right context, the
 * contexts being a bidirectional LSTM's states (which, unlike the paper's recurrences, include the word itself);
 * a linear map with tanh gives the latent semantic vector of each word, the max over the text's words pools them,
 * then dropout and a linear layer. Shapes: ids INT64 (B, T), lengths (B) -> logits (B, C).
 */
public final class Rcnn extends Module {
    private final Embedding embedding;
    private final Lstm context;
    private final Linear semantic;
    private final Dropout dropout;
    private final Linear output;

    public Rcnn(int vocabulary, int dim, int hidden, int semanticSize, double dropout, int classes, Generator g) {
        this.embedding = registerModule("embedding", TextEmbeddings.of(vocabulary, dim, g));
        this.context = registerModule("context", new Lstm(dim, hidden,
                RecurrentOptions.BATCH_FIRST.withBidirectional(true), g));
        this.semantic = registerModule("semantic", new Linear(2 * hidden + dim, semanticSize, g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        this.output = registerModule("output", new Linear(semanticSize, classes, g));
    }

    public Embedding embedding() {
        return embedding;
    }

    public Tensor forward(Tensor ids, int[] lengths) {
        Tensor words = embedding.forward(ids); // (B, T, dim)
        Tensor contexts = context.forward(words, lengths, null, null).output(); // (B, T, 2H)
        Tensor latent = semantic.forward(Tensor.cat(java.util.List.of(contexts, words), 2)).tanh(); // (B, T, K)
        return output.forward(dropout.forward(TimePooling.max(latent, lengths))); // (B, C)
    }

    @Override
    public String toString() {
        return "Rcnn(" + context + ")";
    }
}

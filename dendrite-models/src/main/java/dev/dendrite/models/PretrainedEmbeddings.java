package dev.dendrite.models;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.Vocabulary;
import dev.dendrite.data.WordVectors;
import dev.dendrite.io.ConfigException;
import dev.dendrite.nn.Embedding;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Word vectors (word2vec text or binary, e.g. what {@code dendrite train --model word2vec} writes) copied into an
 * embedding's rows for the vocabulary words they know (looked up as written, then lower-cased); the others keep
 * their initial values.
 */
final class PretrainedEmbeddings {
    private PretrainedEmbeddings() {}

    /** Loads {@code file} into {@code embedding}; a file that knows none of the vocabulary is an error. */
    static void load(Path file, Embedding embedding, Vocabulary vocabulary) throws IOException {
        WordVectors vectors = WordVectors.read(file);
        Tensor weight = embedding.weight();
        if (vectors.dim() != weight.size(1)) {
            throw new ConfigException("embeddings " + file + " have " + vectors.dim() + " dimensions but the model's"
                    + " embedding has " + weight.size(1) + "; set dim=" + vectors.dim());
        }
        int found = 0;
        try (var _ = Grad.disabled()) {
            for (int id = 1; id < vocabulary.size(); id++) { // row 0 is the padding, which stays zero
                String word = vocabulary.token(id);
                String known = vectors.indexOf(word) >= 0 ? word : word.toLowerCase(java.util.Locale.ROOT);
                if (vectors.indexOf(known) >= 0) {
                    float[] v = vectors.vector(known);
                    weight.narrow(0, id, 1).copyFrom(Tensor.fromArray(v, 1, v.length).to(weight.dtype()));
                    found++;
                }
            }
        }
        if (found == 0) {
            throw new ConfigException("embeddings " + file + " know none of the vocabulary's words; is it the right file?");
        }
    }
}

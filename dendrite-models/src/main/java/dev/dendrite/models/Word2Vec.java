package dev.dendrite.models;

import dev.dendrite.data.WordVectors;
import dev.dendrite.models.registry.WordEmbedder;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * word2vec's tables (Mikolov et al. 2013): an input vector per word (the word vectors one keeps), an output vector
 * per word for negative sampling and one per inner node of the Huffman tree for hierarchical softmax. As the
 * original tool, inputs start uniform in [-0.5 / dim, 0.5 / dim) and outputs at zero. {@link Word2VecTask} trains
 * them. Shapes: input (V, dim), output (V, dim), tree (V - 1, dim).
 */
public final class Word2Vec extends Module implements WordEmbedder {
    private final List<String> words;
    private final Tensor input;
    private final Tensor output;
    private final Tensor tree;

    public Word2Vec(List<String> words, int dim, boolean negative, boolean hierarchical, Generator g) {
        if (words.size() < 2) {
            throw new IllegalArgumentException("Word2Vec: needs at least 2 words, got " + words.size());
        }
        this.words = List.copyOf(words);
        this.input = registerParameter("input", Tensor.uniform(g, -0.5 / dim, 0.5 / dim, dev.dendrite.tensor.DType.FLOAT32, words.size(), dim));
        this.output = negative ? registerParameter("output", Tensor.zeros(words.size(), dim)) : null;
        this.tree = hierarchical ? registerParameter("tree", Tensor.zeros(words.size() - 1, dim)) : null;
    }

    public Tensor input() {
        return input;
    }

    /** The negative-sampling outputs, or null without negative sampling. */
    public Tensor output() {
        return output;
    }

    /** The hierarchical-softmax inner nodes, or null without it. */
    public Tensor tree() {
        return tree;
    }

    public List<String> words() {
        return words;
    }

    @Override
    public Module module() {
        return this;
    }

    @Override
    public WordVectors vectors() {
        return new WordVectors(words, input.size(1), input.toFloatArray());
    }

    @Override
    public String toString() {
        return "Word2Vec(" + words.size() + " words, " + input.size(1) + " dims)";
    }
}

package dev.dendrite.models.registry;

import dev.dendrite.data.WordVectors;

/**
 * A model that learns a vector per word (word2vec): training writes them beside the checkpoint in the word2vec
 * text and binary formats, which dendrite analogy, similarity and nearest read, as do gensim and the C tool.
 */
public interface WordEmbedder extends Model {
    /** The learned vectors, one per vocabulary word, most frequent first. */
    WordVectors vectors();
}

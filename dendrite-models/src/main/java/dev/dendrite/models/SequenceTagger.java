package dev.dendrite.models;

import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Lstm;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.RecurrentOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * A sequence tagger (seed 003's slot filling; here part-of-speech tagging): each word is represented by a word
 * embedding, the sum of its letter-trigram embeddings (word hashing, so unseen words still get features) and a
 * small spelling-shape embedding; a bidirectional LSTM reads the sentence and a linear layer scores the tags at
 * every position. Padded positions (past a sentence's length) neither change the LSTM state nor the loss. Shapes:
 * words and shapes INT64 (B, T), trigrams INT64 (B, T, K) (0 = no trigram), lengths (B) -&gt; logits (B, T, tags).
 */
public final class SequenceTagger extends Module {
    /** The sizes that define the network (saved with a checkpoint to rebuild it). */
    public record Config(int words, int trigrams, int tags, int wordDim, int trigramDim, int hidden, double dropout) {}

    private final Config config;
    private final Embedding words;
    private final Embedding trigrams;
    private final Embedding shapes;
    private final Lstm lstm;
    private final Linear scores;
    private final Generator dropoutGenerator;

    public SequenceTagger(Config config, Generator g) {
        this.config = config;
        this.words = registerModule("words", new Embedding(config.words(), config.wordDim(), 0, 0, g));
        this.trigrams = registerModule("trigrams", new Embedding(config.trigrams(), config.trigramDim(), 0, 0, g));
        this.shapes = registerModule("shapes", new Embedding(TaggerFeatures.SHAPES, TaggerFeatures.SHAPE_DIM, g));
        int input = config.wordDim() + config.trigramDim() + TaggerFeatures.SHAPE_DIM;
        this.lstm = registerModule("lstm", new Lstm(input, config.hidden(),
                RecurrentOptions.BATCH_FIRST.withBidirectional(true), g));
        this.scores = registerModule("scores", new Linear(2 * config.hidden(), config.tags(), g));
        this.dropoutGenerator = g;
    }

    public Config config() {
        return config;
    }

    public Tensor forward(TaggerFeatures.Batch batch) {
        Tensor bag = trigrams.forward(batch.trigrams()).sum(new int[] {2}, false); // (B, T, trigramDim)
        Tensor x = Tensor.cat(List.of(words.forward(batch.words()), bag, shapes.forward(batch.shapes())), 2);
        x = F.dropout(x, config.dropout(), isTraining(), dropoutGenerator);
        Tensor h = lstm.forward(x, batch.lengths(), null, null).output(); // (B, T, 2 * hidden)
        return scores.forward(F.dropout(h, config.dropout(), isTraining(), dropoutGenerator));
    }

    @Override
    public String toString() {
        return "SequenceTagger(" + config + ")";
    }
}

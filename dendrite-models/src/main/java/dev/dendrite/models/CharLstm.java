package dev.dendrite.models;

import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Lstm;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.RecurrentOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A character-level language model (the Grokking book's Shakespeare LSTM in seed 002): Embedding -&gt; LSTM (one or
 * more layers, dropout between them and on the top layer's output) -&gt; Linear to next-character logits. The state
 * is carried between calls, so a long text can be read window by window (truncated backpropagation through time)
 * and text can be generated one character at a time. Shapes: ids INT64 (B, T) -&gt; logits (B, T, vocabulary);
 * state h and c (layers, B, hidden).
 */
public final class CharLstm extends Module {
    /** The recurrent state carried from one call to the next; null before the first. */
    public record State(Tensor h, Tensor c) {
        /** The same values cut from the graph, so the next window's backward stops here. */
        public State detach() {
            return new State(h.detach(), c.detach());
        }
    }

    /** Next-character logits for every step, and the state after the last step. */
    public record Output(Tensor logits, State state) {}

    /** The sizes that define the network (saved with a checkpoint to rebuild it). */
    public record Config(int vocabulary, int embedding, int hidden, int layers, double dropout) {}

    private final Config config;
    private final Embedding embedding;
    private final Lstm lstm;
    private final Linear decoder;
    private final Generator dropoutGenerator;

    public CharLstm(Config config, Generator g) {
        this.config = config;
        this.embedding = registerModule("embedding", new Embedding(config.vocabulary(), config.embedding(), g));
        RecurrentOptions options = RecurrentOptions.BATCH_FIRST.withLayers(config.layers()).withDropout(config.dropout());
        this.lstm = registerModule("lstm", new Lstm(config.embedding(), config.hidden(), options, g));
        this.decoder = registerModule("decoder", new Linear(config.hidden(), config.vocabulary(), g));
        this.dropoutGenerator = g;
    }

    public Config config() {
        return config;
    }

    public Output forward(Tensor ids, State state) {
        // The LSTM projects the 65-odd embedding rows once instead of every one of the B x T looked-up vectors.
        Lstm.Output out = lstm.forward(embedding, ids, null, state == null ? null : state.h(),
                state == null ? null : state.c());
        Tensor top = F.dropout(out.output(), config.dropout(), isTraining(), dropoutGenerator);
        return new Output(decoder.forward(top), new State(out.hN(), out.cN()));
    }

    /**
     * Reads {@code prompt} (ids), then samples {@code length} more ids, each from softmax(logits / temperature) of
     * the previous step over its {@code topK} most likely ids (0: all; temperature 0 takes the most likely id). Runs
     * in evaluation mode without recording a graph.
     */
    public long[] generate(long[] prompt, int length, double temperature, int topK, Generator g) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("generate: the prompt must hold at least one character");
        }
        if (!(temperature >= 0) || topK < 0) {
            throw new IllegalArgumentException("generate: temperature and top-k must be >= 0, got " + temperature
                    + ", " + topK);
        }
        long[] out = new long[length];
        try (var _ = evaluating()) {
            Output o = forward(Tensor.fromArray(prompt, 1, prompt.length), null);
            for (int i = 0; i < length; i++) {
                double[] logits = o.logits().select(1, o.logits().size(1) - 1).reshape(-1).toDoubleArray();
                out[i] = sample(logits, temperature, topK, g);
                o = forward(Tensor.fromArray(new long[] {out[i]}, 1, 1), o.state());
            }
        }
        return out;
    }

    /**
     * An index drawn from softmax(logits / temperature) over the {@code topK} largest logits (0: all, ties at the
     * k-th value included); the arg max at temperature 0.
     */
    static int sample(double[] logits, double temperature, int topK, Generator g) {
        if (!(temperature >= 0) || topK < 0) {
            throw new IllegalArgumentException("sample: temperature and top-k must be >= 0, got " + temperature + ", "
                    + topK);
        }
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        if (temperature == 0) {
            return best;
        }
        double floor = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < logits.length) {
            double[] sorted = logits.clone();
            java.util.Arrays.sort(sorted);
            floor = sorted[sorted.length - topK];
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = logits[i] < floor ? 0 : Math.exp((logits[i] - logits[best]) / temperature);
            total += p[i];
        }
        double u = g.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0) return i;
        }
        return best;
    }

    @Override
    public String toString() {
        return "CharLstm(" + config + ")";
    }
}

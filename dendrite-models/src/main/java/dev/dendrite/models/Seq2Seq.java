package dev.dendrite.models;

import dev.dendrite.nn.BahdanauAttention;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Gru;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Lstm;
import dev.dendrite.nn.LuongAttention;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.RecurrentOptions;
import dev.dendrite.ops.Attention;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * An RNN encoder-decoder for translation (Sutskever et al. 2014; Cho et al. 2014) with a choice of attention: none
 * (the decoder starts from the encoder's final state and sees nothing else of the source), Bahdanau's additive
 * attention (the decoder state before each step queries the source; the context joins the step's input), or
 * Luong's multiplicative "general" attention (each decoder output queries the source; output = W_o tanh(W_c [c; h])).
 * GRU or LSTM cells, the same number of layers on both sides, dropout before the output layer. Shapes: source ids
 * (B, S), decoder input ids (B, T) -&gt; logits (B, T, target vocabulary).
 */
public final class Seq2Seq extends Module implements TranslationNetwork {
    /** Vocabulary sizes, widths, layers, cell, attention (none, bahdanau, luong) and dropout. */
    public record Config(int sourceVocabulary, int targetVocabulary, int embedding, int hidden, int layers,
                         boolean lstm, String attention, double dropout) {
        public Config {
            if (!List.of("none", "bahdanau", "luong").contains(attention)) {
                throw new IllegalArgumentException("attention must be none, bahdanau or luong, got '" + attention + "'");
            }
        }
    }

    private final Config config;
    private final Embedding sourceEmbedding;
    private final Embedding targetEmbedding;
    private final Module encoder;
    private final Module decoder;
    private final BahdanauAttention bahdanau;
    private final LuongAttention luong;
    private final Linear combine;
    private final Dropout dropout;
    private final Linear out;

    public Seq2Seq(Config config, Generator g) {
        this.config = config;
        int e = config.embedding();
        int h = config.hidden();
        RecurrentOptions rnn = RecurrentOptions.BATCH_FIRST.withLayers(config.layers())
                .withDropout(config.layers() > 1 ? config.dropout() : 0);
        sourceEmbedding = registerModule("source_embedding", new Embedding(config.sourceVocabulary(), e, 0, 0, true, g));
        targetEmbedding = registerModule("target_embedding", new Embedding(config.targetVocabulary(), e, 0, 0, true, g));
        encoder = registerModule("encoder", config.lstm() ? new Lstm(e, h, rnn, g) : new Gru(e, h, rnn, g));
        int decoderInput = config.attention().equals("bahdanau") ? e + h : e;
        decoder = registerModule("decoder", config.lstm() ? new Lstm(decoderInput, h, rnn, g)
                : new Gru(decoderInput, h, rnn, g));
        bahdanau = config.attention().equals("bahdanau")
                ? registerModule("attention", new BahdanauAttention(h, h, h, g)) : null;
        luong = config.attention().equals("luong") ? registerModule("attention", new LuongAttention(h, true, g)) : null;
        combine = config.attention().equals("none") ? null : registerModule("combine", new Linear(2 * h, h, g));
        dropout = registerModule("dropout", new Dropout(config.dropout(), g));
        out = registerModule("out", new Linear(h, config.targetVocabulary(), g));
    }

    @Override
    public Module module() {
        return this;
    }

    /** The encoder's outputs (B, S, H) and final state (h, and c for an LSTM; each (layers, B, H)). */
    private record Encoded(Tensor outputs, Tensor[] state, Tensor padding, Tensor keys) {}

    private Encoded encode(Tensor source, int[] lengths, Tensor padding) {
        Tensor[] r = run(encoder, sourceEmbedding.forward(source), lengths, null);
        Tensor[] state = java.util.Arrays.copyOfRange(r, 1, r.length);
        return new Encoded(r[0], state, padding, bahdanau == null ? null : bahdanau.projectKeys(r[0]));
    }

    /** Runs a GRU or LSTM: {output, h, (c)}. */
    private static Tensor[] run(Module rnn, Tensor x, int[] lengths, Tensor[] state) {
        if (rnn instanceof Lstm lstm) {
            Lstm.Output o = lstm.forward(x, lengths, state == null ? null : state[0], state == null ? null : state[1]);
            return new Tensor[] {o.output(), o.hN(), o.cN()};
        }
        Gru.Output o = ((Gru) rnn).forward(x, lengths, state == null ? null : state[0]);
        return new Tensor[] {o.output(), o.hN()};
    }

    @Override
    public Tensor logits(TranslationData.Batch batch) {
        Encoded enc = encode(batch.source(), batch.sourceLengths(), batch.padding());
        return decode(enc, batch.decoderInput(), enc.state(), null).logits;
    }

    /** Decoder output for input ids (B, T) from a state: logits (B, T, V), the final state, attention (B, T, S). */
    private record Decoded(Tensor logits, Tensor[] state, Tensor attention) {}

    private Decoded decode(Encoded enc, Tensor ids, Tensor[] state, Tensor attentionRows) {
        Tensor x = targetEmbedding.forward(ids);
        if (bahdanau != null) {
            List<Tensor> hidden = new ArrayList<>();
            List<Tensor> weights = new ArrayList<>();
            for (int t = 0; t < ids.size(1); t++) {
                Tensor top = state[0].select(0, state[0].size(0) - 1); // (B, H): the last layer's state
                Attention.Attended a = bahdanau.attend(top, enc.keys(), enc.outputs(), enc.padding());
                Tensor[] r = run(decoder, Tensor.cat(List.of(x.narrow(1, t, 1), a.output().unsqueeze(1)), 2), null,
                        state);
                state = java.util.Arrays.copyOfRange(r, 1, r.length);
                hidden.add(Tensor.cat(List.of(a.output().unsqueeze(1), r[0]), 2));
                weights.add(a.weights().unsqueeze(1));
            }
            Tensor h = combine.forward(Tensor.cat(hidden, 1)).tanh();
            return new Decoded(out.forward(dropout.forward(h)), state, Tensor.cat(weights, 1));
        }
        Tensor[] r = run(decoder, x, null, state);
        Tensor[] next = java.util.Arrays.copyOfRange(r, 1, r.length);
        if (luong == null) {
            return new Decoded(out.forward(dropout.forward(r[0])), next, null);
        }
        Attention.Attended a = luong.attend(r[0], enc.outputs(), enc.outputs(), enc.padding());
        Tensor h = combine.forward(Tensor.cat(List.of(a.output(), r[0]), 2)).tanh();
        return new Decoded(out.forward(dropout.forward(h)), next, a.weights());
    }

    @Override
    public Decoding decoding(long[] source) {
        Tensor src = Tensor.fromArray(source, 1, source.length);
        Encoded one = encode(src, new int[] {source.length}, null);
        return new Decoding() {
            @Override
            public Object start() {
                return one.state();
            }

            @Override
            public Step step(List<Object> states, long[] lastTokens) {
                int k = states.size();
                Tensor[] state = new Tensor[one.state().length];
                for (int i = 0; i < state.length; i++) {
                    int part = i;
                    state[i] = Tensor.cat(states.stream().map(s -> ((Tensor[]) s)[part]).toList(), 1);
                }
                Encoded enc = new Encoded(one.outputs().expand(k, -1, -1), null, null,
                        one.keys() == null ? null : one.keys().expand(k, -1, -1));
                Decoded d = decode(enc, Tensor.fromArray(lastTokens, k, 1), state, null);
                Tensor logProbs = d.logits().select(1, 0).logSoftmax(1);
                double[][] lp = new double[k][];
                double[][] attention = new double[k][];
                List<Object> next = new ArrayList<>();
                for (int r = 0; r < k; r++) {
                    lp[r] = logProbs.select(0, r).toDoubleArray();
                    attention[r] = d.attention() == null ? new double[source.length]
                            : d.attention().select(0, r).reshape(-1).toDoubleArray();
                    int row = r;
                    next.add(java.util.Arrays.stream(d.state()).map(s -> s.narrow(1, row, 1).contiguous())
                            .toArray(Tensor[]::new));
                }
                return new Step(lp, next, attention);
            }
        };
    }

    public Config config() {
        return config;
    }

    @Override
    public String toString() {
        return "Seq2Seq(" + config + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.ops.Recurrent;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997; seeds 002/003: forget, input and output gates) with
 * PyTorch's nn.LSTM equations, gate order (i, f, g, o) and parameter names, so weights move between the two:
 * <pre>
 *   i, f, g, o = sigma, sigma, tanh, sigma of (x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), split in four
 *   c_t = f * c_{t-1} + i * g;   h_t = o * tanh(c_t)
 * </pre>
 * Multi-layer, bidirectional, batch- or time-first (RecurrentOptions); each layer and direction runs as one fused
 * op (ops.Recurrent.lstm). Shapes (batch-first): x (B, T, input), h0 and c0 (layers * directions, B, hidden) or
 * null, lengths (B) or null -&gt; output (B, T, directions * hidden), hN and cN (layers * directions, B, hidden).
 */
public final class Lstm extends Module {
    /** The top layer's hidden state at every step, and the last hidden and cell states of every layer. */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    private final RecurrentStack stack;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public Lstm(int inputSize, int hiddenSize, RecurrentOptions options, Generator g) {
        this.stack = new RecurrentStack(this, 4, inputSize, hiddenSize, options, g, "h0", "c0");
    }


    /** From zero initial states. */
    public Output forward(Tensor x) {
        return forward(x, null, null, null);
    }

    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        return forward(x, null, h0, c0);
    }

    /** Padded batch: row b has lengths[b] real steps; the rest neither change the state nor produce output. */
    public Output forward(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        return output(stack.forward(x, lengths, new Tensor[] {h0, c0}, CELL));
    }

    /**
     * The same as {@code forward(embedding.forward(ids), lengths, h0, c0)}. When there are more tokens than
     * embedding rows, the first layer projects the embedding table once and looks the projections up (fewer
     * multiply-adds); otherwise (a few tokens, as when generating) it projects the looked-up vectors.
     * Shapes: ids INT64 (B, T) (time-first: (T, B)).
     */
    public Output forward(Embedding embedding, Tensor ids, int[] lengths, Tensor h0, Tensor c0) {
        if (ids.numel() <= embedding.weight().size(0)) {
            return forward(embedding.forward(ids), lengths, h0, c0);
        }
        return output(stack.forwardEmbedded(embedding.table(ids), ids, lengths, new Tensor[] {h0, c0}, CELL));
    }

    private static Output output(Tensor[] out) {
        return new Output(out[0], out[1], out[2]);
    }

    static final RecurrentStack.Cell CELL = new RecurrentStack.Cell() {
        @Override
        public Tensor project(RecurrentStack.Weights w, Tensor x) {
            return F.linear(x, w.ih(), w.biasIh().add(w.biasHh())); // (..., 4H), one GEMM
        }

        @Override
        public Tensor[] run(RecurrentStack.Weights w, Tensor projected, Tensor[] initial, Tensor mask) {
            int hidden = w.hh().size(1);
            Tensor states = Recurrent.lstm(projected, w.hh(), initial[0], initial[1], mask); // (B, T, 2H): h_t, c_t
            Tensor last = RecurrentStack.lastStep(states);
            return new Tensor[] {states.narrow(2, 0, hidden), last.narrow(1, 0, hidden), last.narrow(1, hidden, hidden)};
        }
    };

    @Override
    public String toString() {
        return "Lstm(" + stack.describe() + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.ops.Recurrent;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Gated recurrent unit (Cho et al. 2014; seed 003) with PyTorch's nn.GRU equations, gate order (r, z, n) and
 * parameter names:
 * <pre>
 *   r = sigma(x W_ir + b_ir + h W_hr + b_hr);  z = sigma(x W_iz + b_iz + h W_hz + b_hz)
 *   n = tanh(x W_in + b_in + r * (h W_hn + b_hn));  h_t = (1 - z) * n + z * h_{t-1}
 * </pre>
 * Multi-layer, bidirectional, batch- or time-first (RecurrentOptions); each layer and direction runs as one fused
 * op (ops.Recurrent.gru). Shapes (batch-first): x (B, T, input), h0 (layers * directions, B, hidden) or null,
 * lengths (B) or null -&gt; output (B, T, directions * hidden), hN (layers * directions, B, hidden).
 */
public final class Gru extends Module {
    /** The top layer's hidden state at every step, and every layer's last one. */
    public record Output(Tensor output, Tensor hN) {}

    private final RecurrentStack stack;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public Gru(int inputSize, int hiddenSize, RecurrentOptions options, Generator g) {
        this.stack = new RecurrentStack(this, 3, inputSize, hiddenSize, options, g, "h0");
    }


    /** From a zero initial state. */
    public Output forward(Tensor x) {
        return forward(x, null, null);
    }

    public Output forward(Tensor x, Tensor h0) {
        return forward(x, null, h0);
    }

    /** Padded batch: row b has lengths[b] real steps; the rest neither change the state nor produce output. */
    public Output forward(Tensor x, int[] lengths, Tensor h0) {
        Tensor[] out = stack.forward(x, lengths, new Tensor[] {h0}, CELL);
        return new Output(out[0], out[1]);
    }

    static final RecurrentStack.Cell CELL = new RecurrentStack.Cell() {
        @Override
        public Tensor project(RecurrentStack.Weights w, Tensor x) {
            return F.linear(x, w.ih(), w.biasIh()); // (..., 3H), one GEMM
        }

        @Override
        public Tensor[] run(RecurrentStack.Weights w, Tensor projected, Tensor[] initial, Tensor mask) {
            Tensor states = Recurrent.gru(projected, w.hh(), w.biasHh(), initial[0], mask); // (B, T, H)
            return new Tensor[] {states, RecurrentStack.lastStep(states)};
        }
    };

    @Override
    public String toString() {
        return "Gru(" + stack.describe() + ")";
    }
}

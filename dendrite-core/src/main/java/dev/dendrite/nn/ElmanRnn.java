package dev.dendrite.nn;

import dev.dendrite.ops.Recurrent;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The Elman recurrent network (seed 003: shared U, W and a state S carried between steps) with PyTorch's nn.RNN
 * equations and parameter names so weights move between the two:
 * <pre>
 *   h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)   (or ReLU)
 * </pre>
 * Multi-layer, bidirectional, batch- or time-first (RecurrentOptions); each layer and direction is one fused op
 * (ops.Recurrent.rnn). Shapes (batch-first): x (B, T, input), h0 (layers * directions, B, hidden) or null, lengths
 * (B) or null -&gt; output (B, T, directions * hidden), hN (layers * directions, B, hidden).
 */
public final class ElmanRnn extends Module {
    /** The top layer's hidden state at every step, and every layer's last one. */
    public record Output(Tensor output, Tensor hN) {}

    private final boolean relu;
    private final RecurrentStack stack;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public ElmanRnn(int inputSize, int hiddenSize, boolean relu, RecurrentOptions options, Generator g) {
        this.relu = relu;
        this.stack = new RecurrentStack(this, 1, inputSize, hiddenSize, options, g, "h0");
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
        Tensor[] out = stack.forward(x, lengths, new Tensor[] {h0}, cell(relu));
        return new Output(out[0], out[1]);
    }

    /** The Elman step with tanh or ReLU, for the layer and for RnnCell. */
    static RecurrentStack.Cell cell(boolean relu) {
        return new RecurrentStack.Cell() {
            @Override
            public Tensor project(RecurrentStack.Weights w, Tensor x) {
                return F.linear(x, w.ih(), w.biasIh().add(w.biasHh())); // (..., hidden), one GEMM
            }

            @Override
            public Tensor[] run(RecurrentStack.Weights w, Tensor projected, Tensor[] initial, Tensor mask) {
                Tensor states = Recurrent.rnn(projected, w.hh(), initial[0], mask, relu); // (B, T, hidden)
                return new Tensor[] {states, RecurrentStack.lastStep(states)};
            }
        };
    }

    @Override
    public String toString() {
        return "ElmanRnn(" + stack.describe() + ", nonlinearity=" + (relu ? "relu" : "tanh") + ")";
    }
}

// The Elman recurrent network (seed 003: shared U, W and a state S carried between steps), single layer, with
// PyTorch's nn.RNN equations and parameter names so weights move between the two:
//   h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)   (or ReLU)
// Shapes: x (B, T, input) with h0 (1, B, hidden) or null -> output (B, T, hidden), hN (1, B, hidden).
package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class ElmanRnn extends Module {
    /** The hidden state at every step, and the last one. */
    public record Output(Tensor output, Tensor hN) {}

    private final int inputSize;
    private final int hiddenSize;
    private final boolean relu;
    private final RecurrentSupport.Weights weights;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public ElmanRnn(int inputSize, int hiddenSize, boolean relu, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.relu = relu;
        this.weights = RecurrentSupport.Weights.register(this, 1, inputSize, hiddenSize, g);
    }

    public Output forward(Tensor x, Tensor h0) {
        RecurrentSupport.checkInput(this, x, inputSize);
        Tensor h = RecurrentSupport.initialState(this, "h0", h0, x, hiddenSize); // (B, hidden)
        Tensor projected = weights.project(x); // (B, T, hidden)
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            Tensor pre = projected.select(1, t).add(weights.recur(h)); // (B, hidden)
            h = relu ? pre.relu() : pre.tanh();
            steps.add(h);
        }
        return new Output(RecurrentSupport.stack(steps, x, hiddenSize), h.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "ElmanRnn(" + inputSize + ", " + hiddenSize + ", nonlinearity=" + (relu ? "relu" : "tanh") + ")";
    }
}

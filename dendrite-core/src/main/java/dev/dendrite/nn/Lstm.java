// Long short-term memory (Hochreiter & Schmidhuber 1997; seeds 002/003: forget, input and output gates), single
// layer, batch-first, with PyTorch's nn.LSTM equations, gate order (i, f, g, o) and parameter names:
//   i, f, g, o = sigma, sigma, tanh, sigma of (x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), split in four
//   c_t = f * c_{t-1} + i * g;   h_t = o * tanh(c_t)
// Shapes: x (B, T, input), h0 and c0 (1, B, hidden) or null -> output (B, T, hidden), hN and cN (1, B, hidden).
package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class Lstm extends Module {
    /** The hidden state at every step, and the last hidden and cell states. */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    private final int inputSize;
    private final int hiddenSize;
    private final RecurrentSupport.Weights weights;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public Lstm(int inputSize, int hiddenSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weights = RecurrentSupport.Weights.register(this, 4, inputSize, hiddenSize, g);
    }

    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        RecurrentSupport.checkInput(this, x, inputSize);
        Tensor h = RecurrentSupport.initialState(this, "h0", h0, x, hiddenSize); // (B, H)
        Tensor c = RecurrentSupport.initialState(this, "c0", c0, x, hiddenSize); // (B, H)
        Tensor projected = weights.project(x); // (B, T, 4H)
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            List<Tensor> gates = projected.select(1, t).add(weights.recur(h)).chunk(4, 1); // 4 x (B, H)
            Tensor i = gates.get(0).sigmoid();
            Tensor f = gates.get(1).sigmoid();
            Tensor g = gates.get(2).tanh();
            Tensor o = gates.get(3).sigmoid();
            c = f.mul(c).add(i.mul(g));
            h = o.mul(c.tanh());
            steps.add(h);
        }
        return new Output(RecurrentSupport.stack(steps, x, hiddenSize), h.unsqueeze(0), c.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "Lstm(" + inputSize + ", " + hiddenSize + ")";
    }
}

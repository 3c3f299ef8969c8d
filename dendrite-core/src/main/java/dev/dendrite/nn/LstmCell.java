package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * One LSTM step as a module, as PyTorch's nn.LSTMCell (same equations, gate order i, f, g, o, and parameter names
 * weight_ih, weight_hh, bias_ih, bias_hh): for decoders that feed each step's output back in, or attend between
 * steps, where a whole-sequence layer does not fit. Runs the Lstm layer's cell (the fused LSTM op) over one step.
 * Shapes: x (B, input), h and c (B, hidden) or null for zeros -&gt; h' and c' (B, hidden).
 */
public final class LstmCell extends Module {
    /** The hidden and cell state after the step. */
    public record State(Tensor h, Tensor c) {}

    private final int inputSize;
    private final int hiddenSize;
    private final RecurrentStack.Weights weights;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public LstmCell(int inputSize, int hiddenSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weights = RecurrentStack.Weights.register(this, "", 4, inputSize, hiddenSize, g);
    }

    public State forward(Tensor x, Tensor h, Tensor c) {
        if (x.rank() != 2 || x.size(1) != inputSize) {
            throw new ShapeException(describe() + ": expected input (B, " + inputSize + "), got " + x.shape());
        }
        DType dtype = x.dtype();
        RecurrentStack.Weights w = weights.to(dtype);
        Tensor h0 = h != null ? h : Tensor.zeros(dtype, x.size(0), hiddenSize);
        Tensor c0 = c != null ? c : Tensor.zeros(dtype, x.size(0), hiddenSize);
        Tensor[] next = RecurrentStack.step(Lstm.CELL, w, x, h0, c0);
        return new State(next[0], next[1]);
    }

    @Override
    public String toString() {
        return "LstmCell(" + inputSize + ", " + hiddenSize + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * One GRU step as a module, as PyTorch's nn.GRUCell (equations, gate order r, z, n, and parameter names weight_ih,
 * weight_hh, bias_ih, bias_hh). Runs the Gru layer's cell (the fused GRU op) over one step. Shapes: x (B, input), h
 * (B, hidden) or null for zeros -&gt; h' (B, hidden).
 */
public final class GruCell extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final RecurrentStack.Weights weights;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public GruCell(int inputSize, int hiddenSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weights = RecurrentStack.Weights.register(this, "", 3, inputSize, hiddenSize, g);
    }

    public Tensor forward(Tensor x, Tensor h) {
        if (x.rank() != 2 || x.size(1) != inputSize) {
            throw new ShapeException(describe() + ": expected input (B, " + inputSize + "), got " + x.shape());
        }
        DType dtype = x.dtype();
        RecurrentStack.Weights w = weights.to(dtype);
        Tensor h0 = h != null ? h : Tensor.zeros(dtype, x.size(0), hiddenSize);
        return RecurrentStack.step(Gru.CELL, w, x, h0)[0];
    }

    @Override
    public String toString() {
        return "GruCell(" + inputSize + ", " + hiddenSize + ")";
    }
}

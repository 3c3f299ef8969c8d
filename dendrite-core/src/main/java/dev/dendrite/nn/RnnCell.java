package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * One Elman step as a module, as PyTorch's nn.RNNCell (seed 003's S_t = f(U x_t + W S_{t-1})):
 * <pre>
 *   h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)   (or ReLU), parameters weight_ih, weight_hh, bias_ih, bias_hh.
 * </pre>
 * Shapes: x (B, input), h (B, hidden) or null for zeros -&gt; h' (B, hidden).
 */
public final class RnnCell extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final boolean relu;
    private final RecurrentStack.Weights weights;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public RnnCell(int inputSize, int hiddenSize, boolean relu, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.relu = relu;
        this.weights = RecurrentStack.Weights.register(this, "", 1, inputSize, hiddenSize, g);
    }

    public Tensor forward(Tensor x, Tensor h) {
        if (x.rank() != 2 || x.size(1) != inputSize) {
            throw new ShapeException(describe() + ": expected input (B, " + inputSize + "), got " + x.shape());
        }
        DType dtype = x.dtype();
        RecurrentStack.Weights w = weights.to(dtype);
        Tensor h0 = h != null ? h : Tensor.zeros(dtype, x.size(0), hiddenSize);
        return RecurrentStack.step(ElmanRnn.cell(relu), w, x, h0)[0];
    }

    @Override
    public String toString() {
        return "RnnCell(" + inputSize + ", " + hiddenSize + ", nonlinearity=" + (relu ? "relu" : "tanh") + ")";
    }
}

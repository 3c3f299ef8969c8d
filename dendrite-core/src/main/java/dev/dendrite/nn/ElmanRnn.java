// The Elman recurrent network (seed 003: shared U, W and a state S carried between steps), single layer, with
// PyTorch's nn.RNN equations and parameter names so weights move between the two:
//   h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)   (or ReLU)
// Shapes: x (B, T, input) with h0 (1, B, hidden) or null -> output (B, T, hidden), hN (1, B, hidden).
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class ElmanRnn extends Module {
    /** The hidden state at every step, and the last one. */
    public record Output(Tensor output, Tensor hN) {}

    private final int inputSize;
    private final int hiddenSize;
    private final boolean relu;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public ElmanRnn(int inputSize, int hiddenSize, boolean relu, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.relu = relu;
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize, inputSize));
        weightHh = registerParameter("weight_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize, hiddenSize));
        biasIh = registerParameter("bias_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize));
        biasHh = registerParameter("bias_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize));
    }

    public Output forward(Tensor x, Tensor h0) {
        if (x.rank() != 3 || x.size(2) != inputSize) {
            throw new ShapeException(describe() + ": expected input (B, T, " + inputSize + "), got " + x.shape());
        }
        int batch = x.size(0);
        if (h0 != null && !h0.shape().equals(dev.dendrite.tensor.Shape.of(1, batch, hiddenSize))) {
            throw new ShapeException(describe() + ": expected h0 (1, " + batch + ", " + hiddenSize + "), got " + h0.shape());
        }
        DType dtype = x.dtype();
        Tensor wih = weightIh.to(dtype);
        Tensor whh = weightHh.to(dtype);
        Tensor bhh = biasHh.to(dtype);
        // Input projections for every step at once: one GEMM over (B * T, input).
        Tensor projected = F.linear(x, wih, biasIh.to(dtype)); // (B, T, hidden)
        Tensor h = h0 == null ? Tensor.zeros(dtype, batch, hiddenSize) : h0.reshape(batch, hiddenSize);
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            Tensor pre = projected.select(1, t).add(F.linear(h, whh, bhh)); // (B, hidden)
            h = relu ? pre.relu() : pre.tanh();
            steps.add(h);
        }
        Tensor output = steps.isEmpty() ? Tensor.zeros(dtype, batch, 0, hiddenSize) : Tensor.stack(steps, 1);
        return new Output(output, h.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "ElmanRnn(" + inputSize + ", " + hiddenSize + ", nonlinearity=" + (relu ? "relu" : "tanh") + ")";
    }
}

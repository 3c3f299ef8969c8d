// Long short-term memory (Hochreiter & Schmidhuber 1997; seeds 002/003: forget, input and output gates), single
// layer, batch-first, with PyTorch's nn.LSTM equations, gate order (i, f, g, o) and parameter names:
//   i, f, g, o = sigma, sigma, tanh, sigma of (x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), split in four
//   c_t = f * c_{t-1} + i * g;   h_t = o * tanh(c_t)
// Shapes: x (B, T, input), h0 and c0 (1, B, hidden) or null -> output (B, T, hidden), hN and cN (1, B, hidden).
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class Lstm extends Module {
    /** The hidden state at every step, and the last hidden and cell states. */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public Lstm(int inputSize, int hiddenSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 4 * hiddenSize, inputSize));
        weightHh = registerParameter("weight_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 4 * hiddenSize, hiddenSize));
        biasIh = registerParameter("bias_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 4 * hiddenSize));
        biasHh = registerParameter("bias_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 4 * hiddenSize));
    }

    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        if (x.rank() != 3 || x.size(2) != inputSize) {
            throw new ShapeException(describe() + ": expected input (B, T, " + inputSize + "), got " + x.shape());
        }
        int batch = x.size(0);
        Shape state = Shape.of(1, batch, hiddenSize);
        for (Tensor s : new Tensor[] {h0, c0}) {
            if (s != null && !s.shape().equals(state)) {
                throw new ShapeException(describe() + ": expected h0 and c0 of shape " + state + ", got " + s.shape());
            }
        }
        DType dtype = x.dtype();
        Tensor whh = weightHh.to(dtype);
        Tensor bhh = biasHh.to(dtype);
        Tensor projected = F.linear(x, weightIh.to(dtype), biasIh.to(dtype)); // (B, T, 4H), one GEMM for all steps
        Tensor h = h0 == null ? Tensor.zeros(dtype, batch, hiddenSize) : h0.reshape(batch, hiddenSize);
        Tensor c = c0 == null ? Tensor.zeros(dtype, batch, hiddenSize) : c0.reshape(batch, hiddenSize);
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            List<Tensor> gates = projected.select(1, t).add(F.linear(h, whh, bhh)).chunk(4, 1); // 4 x (B, H)
            Tensor i = gates.get(0).sigmoid();
            Tensor f = gates.get(1).sigmoid();
            Tensor g = gates.get(2).tanh();
            Tensor o = gates.get(3).sigmoid();
            c = f.mul(c).add(i.mul(g));
            h = o.mul(c.tanh());
            steps.add(h);
        }
        Tensor output = steps.isEmpty() ? Tensor.zeros(dtype, batch, 0, hiddenSize) : Tensor.stack(steps, 1);
        return new Output(output, h.unsqueeze(0), c.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "Lstm(" + inputSize + ", " + hiddenSize + ")";
    }
}

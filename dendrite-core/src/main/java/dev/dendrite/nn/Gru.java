// Gated recurrent unit (Cho et al. 2014; seed 003), single layer, batch-first, with PyTorch's nn.GRU equations,
// gate order (r, z, n) and parameter names:
//   r = sigma(x W_ir + b_ir + h W_hr + b_hr);  z = sigma(x W_iz + b_iz + h W_hz + b_hz)
//   n = tanh(x W_in + b_in + r * (h W_hn + b_hn));  h_t = (1 - z) * n + z * h_{t-1}
// Shapes: x (B, T, input), h0 (1, B, hidden) or null -> output (B, T, hidden), hN (1, B, hidden).
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class Gru extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public Gru(int inputSize, int hiddenSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 3 * hiddenSize, inputSize));
        weightHh = registerParameter("weight_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 3 * hiddenSize, hiddenSize));
        biasIh = registerParameter("bias_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 3 * hiddenSize));
        biasHh = registerParameter("bias_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, 3 * hiddenSize));
    }

    /** Same output record as the Elman RNN: every hidden state and the last one. */
    public ElmanRnn.Output forward(Tensor x, Tensor h0) {
        if (x.rank() != 3 || x.size(2) != inputSize) {
            throw new ShapeException(describe() + ": expected input (B, T, " + inputSize + "), got " + x.shape());
        }
        int batch = x.size(0);
        if (h0 != null && !h0.shape().equals(Shape.of(1, batch, hiddenSize))) {
            throw new ShapeException(describe() + ": expected h0 (1, " + batch + ", " + hiddenSize + "), got " + h0.shape());
        }
        DType dtype = x.dtype();
        Tensor whh = weightHh.to(dtype);
        Tensor bhh = biasHh.to(dtype);
        Tensor projected = F.linear(x, weightIh.to(dtype), biasIh.to(dtype)); // (B, T, 3H)
        Tensor h = h0 == null ? Tensor.zeros(dtype, batch, hiddenSize) : h0.reshape(batch, hiddenSize);
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            List<Tensor> xi = projected.select(1, t).chunk(3, 1);
            List<Tensor> hh = F.linear(h, whh, bhh).chunk(3, 1);
            Tensor r = xi.get(0).add(hh.get(0)).sigmoid();
            Tensor z = xi.get(1).add(hh.get(1)).sigmoid();
            Tensor n = xi.get(2).add(r.mul(hh.get(2))).tanh();
            h = z.neg().add(1).mul(n).add(z.mul(h));
            steps.add(h);
        }
        Tensor output = steps.isEmpty() ? Tensor.zeros(dtype, batch, 0, hiddenSize) : Tensor.stack(steps, 1);
        return new ElmanRnn.Output(output, h.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "Gru(" + inputSize + ", " + hiddenSize + ")";
    }
}

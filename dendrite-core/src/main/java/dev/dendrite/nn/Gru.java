// Gated recurrent unit (Cho et al. 2014; seed 003), single layer, batch-first, with PyTorch's nn.GRU equations,
// gate order (r, z, n) and parameter names:
//   r = sigma(x W_ir + b_ir + h W_hr + b_hr);  z = sigma(x W_iz + b_iz + h W_hz + b_hz)
//   n = tanh(x W_in + b_in + r * (h W_hn + b_hn));  h_t = (1 - z) * n + z * h_{t-1}
// Shapes: x (B, T, input), h0 (1, B, hidden) or null -> output (B, T, hidden), hN (1, B, hidden).
package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class Gru extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final RecurrentSupport.Weights weights;

    /** Initialised as PyTorch: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public Gru(int inputSize, int hiddenSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weights = RecurrentSupport.Weights.register(this, 3, inputSize, hiddenSize, g);
    }

    /** Same output record as the Elman RNN: every hidden state and the last one. */
    public ElmanRnn.Output forward(Tensor x, Tensor h0) {
        RecurrentSupport.checkInput(this, x, inputSize);
        Tensor h = RecurrentSupport.initialState(this, "h0", h0, x, hiddenSize); // (B, H)
        Tensor projected = weights.project(x); // (B, T, 3H)
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            List<Tensor> xi = projected.select(1, t).chunk(3, 1);
            List<Tensor> hh = weights.recur(h).chunk(3, 1);
            Tensor r = xi.get(0).add(hh.get(0)).sigmoid();
            Tensor z = xi.get(1).add(hh.get(1)).sigmoid();
            Tensor n = xi.get(2).add(r.mul(hh.get(2))).tanh();
            h = z.neg().add(1).mul(n).add(z.mul(h));
            steps.add(h);
        }
        return new ElmanRnn.Output(RecurrentSupport.stack(steps, x, hiddenSize), h.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "Gru(" + inputSize + ", " + hiddenSize + ")";
    }
}

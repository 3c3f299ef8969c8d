package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The Jordan recurrent network (Jordan 1986; seed 003): like Elman's, but the previous *output*, not the hidden
 * state, is fed back:
 * <pre>
 *   h_t = tanh(x_t W_ih^T + b_ih + y_{t-1} W_yh^T);   y_t = h_t W_ho^T + b_ho   (y_0 = 0 or the given y0)
 * </pre>
 * Mainstream frameworks do not ship it. Shapes: x (B, T, input), y0 (1, B, output) or null -&gt; output (B, T,
 * output), yN (1, B, output).
 */
public final class JordanRnn extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final int outputSize;
    private final Tensor weightIh;
    private final Tensor biasIh;
    private final Tensor weightYh;
    private final Tensor weightHo;
    private final Tensor biasHo;

    /** Every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)), as PyTorch initialises its recurrent layers. */
    public JordanRnn(int inputSize, int hiddenSize, int outputSize, Generator g) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.outputSize = outputSize;
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize, inputSize));
        biasIh = registerParameter("bias_ih", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize));
        weightYh = registerParameter("weight_yh", Tensor.uniform(g, -k, k, DType.FLOAT32, hiddenSize, outputSize));
        weightHo = registerParameter("weight_ho", Tensor.uniform(g, -k, k, DType.FLOAT32, outputSize, hiddenSize));
        biasHo = registerParameter("bias_ho", Tensor.uniform(g, -k, k, DType.FLOAT32, outputSize));
    }

    /** The feedback weights W_yh (hidden, output). */
    public Tensor weightYh() {
        return weightYh;
    }

    /** Same record as the Elman RNN: every output, and the last output (the state carried to the next call). */
    public ElmanRnn.Output forward(Tensor x, Tensor y0) {
        RecurrentStack.checkInput(this, x, inputSize);
        int batch = x.size(0);
        if (y0 != null && !y0.shape().equals(Shape.of(1, batch, outputSize))) {
            throw new ShapeException(describe() + ": expected y0 (1, " + batch + ", " + outputSize + "), got " + y0.shape());
        }
        Tensor y = y0 == null ? Tensor.zeros(x.dtype(), batch, outputSize) : y0.reshape(batch, outputSize);
        DType dtype = x.dtype();
        Tensor wyh = weightYh.to(dtype);
        Tensor who = weightHo.to(dtype);
        Tensor bho = biasHo.to(dtype);
        Tensor projected = F.linear(x, weightIh.to(dtype), biasIh.to(dtype)); // (B, T, hidden)
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < x.size(1); t++) {
            Tensor h = projected.select(1, t).add(F.linear(y, wyh, null)).tanh(); // (B, hidden)
            y = F.linear(h, who, bho); // (B, output)
            steps.add(y);
        }
        Tensor outputs = steps.isEmpty() ? Tensor.zeros(x.dtype(), batch, 0, outputSize) : Tensor.stack(steps, 1);
        return new ElmanRnn.Output(outputs, y.unsqueeze(0));
    }

    @Override
    public String toString() {
        return "JordanRnn(" + inputSize + ", " + hiddenSize + ", " + outputSize + ")";
    }
}

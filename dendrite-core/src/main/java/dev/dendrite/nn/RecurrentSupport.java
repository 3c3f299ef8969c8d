// What the recurrent layers share: PyTorch's single-layer parameters (weight_ih_l0, weight_hh_l0, bias_ih_l0,
// bias_hh_l0, each U(-1/sqrt(hidden), 1/sqrt(hidden)) with the gates stacked in rows), the shape checks on the
// input and the initial state, and stacking the per-step states into (B, T, size).
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.List;

final class RecurrentSupport {
    private RecurrentSupport() {}

    /** The four parameters of one layer with {@code gates} stacked gates, registered on {@code owner}. */
    record Weights(Tensor ih, Tensor hh, Tensor biasIh, Tensor biasHh) {
        static Weights register(Module owner, int gates, int inputSize, int hiddenSize, Generator g) {
            double k = 1 / Math.sqrt(hiddenSize);
            int rows = gates * hiddenSize;
            return new Weights(
                    owner.registerParameter("weight_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, rows, inputSize)),
                    owner.registerParameter("weight_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, rows, hiddenSize)),
                    owner.registerParameter("bias_ih_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, rows)),
                    owner.registerParameter("bias_hh_l0", Tensor.uniform(g, -k, k, DType.FLOAT32, rows)));
        }

        /** Input projections of every step at once, one GEMM: (B, T, input) -> (B, T, gates * hidden). */
        Tensor project(Tensor x) {
            return F.linear(x, ih.to(x.dtype()), biasIh.to(x.dtype()));
        }

        /** The recurrent term h W_hh^T + b_hh: (B, hidden) -> (B, gates * hidden). */
        Tensor recur(Tensor h) {
            return F.linear(h, hh.to(h.dtype()), biasHh.to(h.dtype()));
        }
    }

    static void checkInput(Module owner, Tensor x, int inputSize) {
        if (x.rank() != 3 || x.size(2) != inputSize) {
            throw new ShapeException(owner.describe() + ": expected input (B, T, " + inputSize + "), got " + x.shape());
        }
    }

    /** The given state (1, B, size) as (B, size), or zeros when null; a wrong shape names the state. */
    static Tensor initialState(Module owner, String name, Tensor state, Tensor x, int size) {
        int batch = x.size(0);
        if (state == null) {
            return Tensor.zeros(x.dtype(), batch, size);
        }
        if (!state.shape().equals(Shape.of(1, batch, size))) {
            throw new ShapeException(owner.describe() + ": expected " + name + " (1, " + batch + ", " + size + "), got "
                    + state.shape());
        }
        return state.reshape(batch, size);
    }

    /** The states of every step, (B, size) each, as (B, T, size). */
    static Tensor stack(List<Tensor> steps, Tensor x, int size) {
        return steps.isEmpty() ? Tensor.zeros(x.dtype(), x.size(0), 0, size) : Tensor.stack(steps, 1);
    }
}

// What the recurrent layers share: PyTorch's parameters per layer and direction (weight_ih_l{k}[_reverse],
// weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}, each U(-1/sqrt(hidden), 1/sqrt(hidden)) with the gates stacked in
// rows), the shape checks, and running a cell over layers and directions: each layer's input projections
// x W_ih^T + b come first (one GEMM, or, for token ids into an embedding table, one GEMM over the table's rows and a
// row lookup, which is cheaper whenever there are more tokens than table rows); the reverse direction reads each
// sequence backwards from its last real step, layer k > 0 reads the concatenated directions of layer k - 1 (after
// dropout in training), padded steps (past a sequence's length) leave the state unchanged and output zeros, and the
// final states come out as (layers * directions, B, hidden), as in PyTorch.
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

final class RecurrentStack {
    /** One layer and direction's parameters, with {@code gates} gates stacked in rows. */
    record Weights(Tensor ih, Tensor hh, Tensor biasIh, Tensor biasHh) {
        /**
         * Registers weight_ih{suffix}, weight_hh{suffix}, bias_ih{suffix} and bias_hh{suffix} on {@code owner}, each
         * U(-1/sqrt(hidden), 1/sqrt(hidden)) as PyTorch initialises them.
         */
        static Weights register(Module owner, String suffix, int gates, int inputSize, int hiddenSize, Generator g) {
            double k = 1 / Math.sqrt(hiddenSize);
            int rows = gates * hiddenSize;
            return new Weights(
                    owner.registerParameter("weight_ih" + suffix, Tensor.uniform(g, -k, k, DType.FLOAT32, rows, inputSize)),
                    owner.registerParameter("weight_hh" + suffix, Tensor.uniform(g, -k, k, DType.FLOAT32, rows, hiddenSize)),
                    owner.registerParameter("bias_ih" + suffix, Tensor.uniform(g, -k, k, DType.FLOAT32, rows)),
                    owner.registerParameter("bias_hh" + suffix, Tensor.uniform(g, -k, k, DType.FLOAT32, rows)));
        }

        /** The parameters cast to {@code dtype} (a differentiable no-op when they already are). */
        Weights to(DType dtype) {
            return new Weights(ih.to(dtype), hh.to(dtype), biasIh.to(dtype), biasHh.to(dtype));
        }
    }

    /** One layer and direction of a recurrent network. */
    interface Cell {
        /** The input projections of x (..., in) -> (..., gates * H), the part of the step that needs no state. */
        Tensor project(Weights w, Tensor x);

        /** Runs over batch-first projections (B, T, gates * H): the outputs (B, T, H) and the final states (B, H). */
        Tensor[] run(Weights w, Tensor projected, Tensor[] initial, Tensor mask);
    }

    private final Module owner;
    private final int inputSize;
    private final int hiddenSize;
    private final RecurrentOptions options;
    private final String[] stateNames;
    private final List<Weights> weights = new ArrayList<>(); // layer-major, then direction
    private final Generator dropoutGenerator;

    RecurrentStack(Module owner, int gates, int inputSize, int hiddenSize, RecurrentOptions options, Generator g,
                   String... stateNames) {
        this.owner = owner;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.options = options;
        this.stateNames = stateNames;
        for (int layer = 0; layer < options.layers(); layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * options.directions();
            for (int dir = 0; dir < options.directions(); dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                weights.add(Weights.register(owner, suffix, gates, in, hiddenSize, g));
            }
        }
        this.dropoutGenerator = g;
    }

    /**
     * The outputs (B, T, directions * H) in the caller's layout and one final-state tensor per state name, each
     * (layers * directions, B, H). {@code lengths} (one per batch row, 1..T) or null; {@code initial} holds one
     * (layers * directions, B, H) tensor or null per state name.
     */
    Tensor[] forward(Tensor input, int[] lengths, Tensor[] initial, Cell cell) {
        Tensor x = options.batchFirst() ? input : input.transpose(0, 1);
        String layout = options.batchFirst() ? "(B, T, " : "(T, B, ";
        if (x.rank() != 3 || x.size(2) != inputSize || x.size(1) == 0) {
            throw new ShapeException(owner.describe() + ": expected input " + layout + inputSize + ") with T >= 1, got "
                    + input.shape());
        }
        return run(x, null, null, lengths, initial, cell);
    }

    /**
     * The same as {@link #forward} on the rows of {@code table} (V, input) that {@code ids} (B, T) INT64 (or (T, B)
     * time-first) pick, computed by projecting the table once for the first layer.
     */
    Tensor[] forwardEmbedded(Tensor table, Tensor ids, int[] lengths, Tensor[] initial, Cell cell) {
        Tensor i = options.batchFirst() ? ids : ids.transpose(0, 1);
        if (table.rank() != 2 || table.size(1) != inputSize || i.rank() != 2 || i.size(1) == 0) {
            throw new ShapeException(owner.describe() + ": expected a table (V, " + inputSize + ") and ids "
                    + (options.batchFirst() ? "(B, T)" : "(T, B)") + " with T >= 1, got " + table.shape() + " and "
                    + ids.shape());
        }
        return run(null, table, i.contiguous(), lengths, initial, cell);
    }

    /** Batch-first x (B, T, input), or a table and ids (B, T) for the first layer. */
    private Tensor[] run(Tensor x, Tensor table, Tensor ids, int[] lengths, Tensor[] initial, Cell cell) {
        int batch = x != null ? x.size(0) : ids.size(0);
        int steps = x != null ? x.size(1) : ids.size(1);
        DType dtype = x != null ? x.dtype() : table.dtype();
        Tensor mask = lengths == null ? null : mask(lengths, batch, steps, dtype);
        int slots = options.layers() * options.directions();
        Tensor[][] init = new Tensor[stateNames.length][];
        for (int s = 0; s < stateNames.length; s++) {
            init[s] = initialStates(stateNames[s], initial[s], batch, slots, dtype);
        }
        List<List<Tensor>> finals = new ArrayList<>();
        for (int s = 0; s < stateNames.length; s++) finals.add(new ArrayList<>());
        Tensor reverse = options.bidirectional() ? reversal(lengths, batch, steps) : null;
        Tensor layerInput = x;
        for (int layer = 0; layer < options.layers(); layer++) {
            List<Tensor> outputs = new ArrayList<>();
            for (int dir = 0; dir < options.directions(); dir++) {
                int slot = layer * options.directions() + dir;
                Tensor[] start = new Tensor[stateNames.length];
                for (int s = 0; s < stateNames.length; s++) start[s] = init[s][slot];
                Weights w = weights.get(slot).to(dtype);
                Tensor projected;
                if (layerInput == null) {
                    Tensor order = dir == 0 ? ids : ids.gather(1, reverse); // (B, T) ids in reading order
                    projected = cell.project(w, table).indexSelect(0, order.reshape(-1)).reshape(batch, steps, -1);
                } else {
                    projected = cell.project(w, dir == 0 ? layerInput : flip(layerInput, reverse));
                }
                Tensor[] result = cell.run(w, projected, start, mask);
                outputs.add(dir == 0 ? result[0] : flip(result[0], reverse));
                for (int s = 0; s < stateNames.length; s++) finals.get(s).add(result[1 + s]);
            }
            Tensor out = outputs.size() == 1 ? outputs.get(0) : Tensor.cat(outputs, 2);
            boolean last = layer == options.layers() - 1;
            layerInput = last ? out : F.dropout(out, options.dropout(), owner.isTraining(), dropoutGenerator);
        }
        Tensor output = mask == null ? layerInput : layerInput.mul(mask.unsqueeze(2));
        Tensor[] result = new Tensor[1 + stateNames.length];
        result[0] = options.batchFirst() ? output : output.transpose(0, 1);
        for (int s = 0; s < stateNames.length; s++) result[1 + s] = Tensor.stack(finals.get(s), 0);
        return result;
    }

    /** (B, T) with 1 for real steps and 0 for padding. */
    private Tensor mask(int[] lengths, int batch, int steps, DType dtype) {
        if (lengths.length != batch) {
            throw new ShapeException(owner.describe() + ": expected " + batch + " lengths, one per sequence, got "
                    + lengths.length);
        }
        double[] m = new double[batch * steps];
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new ShapeException(owner.describe() + ": length " + lengths[b] + " of sequence " + b
                        + " is outside 1.." + steps);
            }
            java.util.Arrays.fill(m, b * steps, b * steps + lengths[b], 1);
        }
        return Tensor.fromArray(m, batch, steps).to(dtype);
    }

    /** Index (B, T) that reverses each sequence's first lengths[b] steps and leaves its padding in place. */
    private static Tensor reversal(int[] lengths, int batch, int steps) {
        long[] idx = new long[batch * steps];
        for (int b = 0; b < batch; b++) {
            int len = lengths == null ? steps : lengths[b];
            for (int t = 0; t < steps; t++) idx[b * steps + t] = t < len ? len - 1 - t : t;
        }
        return Tensor.fromArray(idx, batch, steps);
    }

    private static Tensor flip(Tensor x, Tensor reverse) {
        return x.gather(1, reverse.unsqueeze(2).expand(x.size(0), x.size(1), x.size(2)).contiguous());
    }

    private Tensor[] initialStates(String name, Tensor state, int batch, int slots, DType dtype) {
        Tensor[] out = new Tensor[slots];
        if (state != null && !state.shape().equals(Shape.of(slots, batch, hiddenSize))) {
            throw new ShapeException(owner.describe() + ": expected " + name + " (" + slots + ", " + batch + ", "
                    + hiddenSize + "), got " + state.shape());
        }
        for (int i = 0; i < slots; i++) {
            out[i] = state == null ? Tensor.zeros(dtype, batch, hiddenSize) : state.select(0, i);
        }
        return out;
    }

    /**
     * One step of {@code cell} on x (B, input) from the states (B, H) each: the new states, as the single-step
     * modules (LstmCell, GruCell, RnnCell) compute them with their layer's cell.
     */
    static Tensor[] step(Cell cell, Weights w, Tensor x, Tensor... states) {
        Tensor[] result = cell.run(w, cell.project(w, x).unsqueeze(1), states, null);
        return java.util.Arrays.copyOfRange(result, 1, result.length);
    }

    /** The last step of every sequence: (B, T, H) -> (B, H); padded steps carry the state, so this is T - 1. */
    static Tensor lastStep(Tensor steps) {
        return steps.select(1, steps.size(1) - 1);
    }

    String describe() {
        return inputSize + ", " + hiddenSize + options.describe();
    }

    /** The input layout's shape check, for the single-layer Jordan network: x must be (B, T, inputSize). */
    static void checkInput(Module owner, Tensor x, int inputSize) {
        if (x.rank() != 3 || x.size(2) != inputSize) {
            throw new ShapeException(owner.describe() + ": expected input (B, T, " + inputSize + "), got " + x.shape());
        }
    }
}

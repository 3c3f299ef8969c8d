package dev.dendrite.federated;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Federated averaging (McMahan et al. 2017): the new global model is the mean of the clients' trained state dicts,
 * each weighted by its number of training samples, sum_k (n_k / n) w_k, computed in float64 and returned in each
 * entry's own dtype. Every client must send the same names with the same shapes; an integer tensor (a counter)
 * is not averaged but must be equal on every client, and is kept.
 */
public final class FedAvg {
    private FedAvg() {}

    /** The sample-weighted mean of {@code states}, {@code samples[k]} the training samples of client k. */
    public static Map<String, Tensor> average(List<Map<String, Tensor>> states, long[] samples) {
        if (states.isEmpty() || states.size() != samples.length) {
            throw new IllegalArgumentException("FedAvg: need one sample count per client and at least one client, got "
                    + states.size() + " states and " + samples.length + " counts");
        }
        long total = 0;
        for (long n : samples) {
            if (n < 0) {
                throw new IllegalArgumentException("FedAvg: sample counts must be >= 0, got " + n);
            }
            total += n;
        }
        if (total == 0) {
            throw new IllegalArgumentException("FedAvg: the clients trained on no samples at all");
        }
        Map<String, Tensor> first = states.getFirst();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var entry : first.entrySet()) {
            String name = entry.getKey();
            Tensor sum = Tensor.zeros(DType.FLOAT64, entry.getValue().dims());
            for (int k = 0; k < states.size(); k++) {
                Tensor t = states.get(k).get(name);
                if (t == null || !t.shape().equals(entry.getValue().shape())) {
                    throw new ShapeException("FedAvg: client " + k + " sent " + (t == null ? "no '" + name + "'"
                            : "'" + name + "' of shape " + t.shape()) + ", client 0 " + entry.getValue().shape());
                }
                sum = sum.add(t.to(DType.FLOAT64).mul((double) samples[k] / total));
            }
            DType dtype = entry.getValue().dtype();
            if (!dtype.isFloating()) {
                for (int k = 1; k < states.size(); k++) {
                    if (!java.util.Arrays.equals(states.get(k).get(name).toLongArray(), entry.getValue().toLongArray())) {
                        throw new IllegalArgumentException("FedAvg: integer tensor '" + name + "' differs between client 0"
                                + " and client " + k + "; integer state is not averaged");
                    }
                }
            }
            out.put(name, dtype.isFloating() ? sum.to(dtype) : entry.getValue());
        }
        for (int k = 1; k < states.size(); k++) {
            if (states.get(k).size() != first.size()) {
                throw new ShapeException("FedAvg: client " + k + " sent " + states.get(k).size() + " tensors, client 0 "
                        + first.size() + "; every client must send the same state dict");
            }
        }
        return out;
    }
}

package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A group of parameters with its own learning rate or weight decay (PyTorch's param_groups): e.g. no weight decay
 * on biases and normalisation weights, or a smaller rate for a pretrained encoder. A null value means the
 * optimizer's own; a group's rate follows the optimizer's schedule in proportion.
 */
public record ParamGroup(List<Tensor> params, Double lr, Double weightDecay) {
    public ParamGroup {
        params = List.copyOf(params);
        if (lr != null && !(lr >= 0)) {
            throw new IllegalArgumentException("ParamGroup: lr must be >= 0, got " + lr);
        }
        if (weightDecay != null && !(weightDecay >= 0)) {
            throw new IllegalArgumentException("ParamGroup: weightDecay must be >= 0, got " + weightDecay);
        }
    }

    /** All of {@code params} as one group with the optimizer's own options: what most models need. */
    public static List<ParamGroup> all(List<Tensor> params) {
        return List.of(of(params));
    }

    /** Parameters with the optimizer's own options. */
    public static ParamGroup of(List<Tensor> params) {
        return new ParamGroup(params, null, null);
    }

    public ParamGroup withLr(double lr) {
        return new ParamGroup(params, lr, weightDecay);
    }

    public ParamGroup withWeightDecay(double weightDecay) {
        return new ParamGroup(params, lr, weightDecay);
    }

    /**
     * Two groups from named parameters: the matrices and kernels (rank >= 2) with the optimizer's weight decay,
     * and the biases and normalisation weights (rank &lt; 2) without any, as GPT-2 and BERT train.
     */
    public static List<ParamGroup> noDecayOnBiasesAndNorms(Map<String, Tensor> named) {
        List<Tensor> decay = new ArrayList<>();
        List<Tensor> none = new ArrayList<>();
        for (Tensor p : named.values()) {
            (p.rank() >= 2 ? decay : none).add(p);
        }
        return List.of(of(decay), of(none).withWeightDecay(0));
    }
}

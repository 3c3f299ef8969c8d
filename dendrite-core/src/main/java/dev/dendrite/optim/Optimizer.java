// An optimizer updates a fixed list of parameters from their .grad(). Each subclass writes one update rule;
// this class runs it without recording gradients, skips parameters without a gradient, and keeps the
// learning rate that schedules change. Per-parameter buffers are exposed by name for checkpoints.
package dev.dendrite.optim;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.Tensor;

import java.util.TreeMap;
import java.util.List;
import java.util.Map;

public abstract class Optimizer {
    protected final List<Tensor> params;
    protected double lr;
    private long steps;

    protected Optimizer(List<Tensor> params, double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": lr must be >= 0, got " + lr);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        steps++;
        try (var _ = Grad.disabled()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) {
                    p.copyFrom(update(i, p.detach(), p.grad()));
                }
            }
        }
    }

    /** The new value of parameter {@code index} given its current value and gradient (no graph is recorded). */
    protected abstract Tensor update(int index, Tensor param, Tensor grad);

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    public final double lr() {
        return lr;
    }

    /** Sets the learning rate (what schedules call between steps). */
    public final void setLr(double lr) {
        this.lr = lr;
    }

    /** Number of step() calls so far. */
    public final long steps() {
        return steps;
    }

    /** Named state buffers ("3.exp_avg" = buffer exp_avg of parameter 3), sorted; empty before the first step. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new TreeMap<>();
        buffers().forEach((name, perParam) -> {
            for (int i = 0; i < perParam.length; i++) {
                if (perParam[i] != null) {
                    out.put(i + "." + name, perParam[i]);
                }
            }
        });
        return out;
    }

    /** The subclass's buffers by name, one slot per parameter. */
    protected Map<String, Tensor[]> buffers() {
        return Map.of();
    }

    /** g + weightDecay * p (L2 regularisation folded into the gradient, as PyTorch's weight_decay). */
    protected static Tensor withWeightDecay(Tensor grad, Tensor param, double weightDecay) {
        return weightDecay == 0 ? grad : grad.add(param.mul(weightDecay));
    }
}

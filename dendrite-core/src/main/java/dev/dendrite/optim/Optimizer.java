package dev.dendrite.optim;

import dev.dendrite.autograd.Grad;
import dev.dendrite.autograd.SparseGrad;
import dev.dendrite.tensor.DendriteException;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer updates a fixed list of parameters from their .grad() (or row-sparse .sparseGrad()). Each subclass
 * writes one update rule; this
 * class runs it without recording gradients, skips parameters without a gradient, and keeps the learning rate that
 * schedules change (beside the initial one they scale, PyTorch's initial_lr). Per-parameter buffers are exposed by
 * name for checkpoints.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    protected double lr;
    /** Per parameter: its group's rate as a share of the optimizer's initial one, and its group's weight decay or NaN. */
    private final double[] lrShare;
    private final double[] groupWeightDecay;
    private double initialLr;
    private long steps;
    /** How many updates each parameter has received (a parameter without a gradient is skipped). */
    protected final long[] paramSteps;

    protected Optimizer(List<ParamGroup> groups, double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": lr must be >= 0, got " + lr);
        }
        List<Tensor> all = new java.util.ArrayList<>();
        List<Double> shares = new java.util.ArrayList<>();
        List<Double> decays = new java.util.ArrayList<>();
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                all.add(p);
                shares.add(g.lr() == null ? 1 : lr == 0 ? 0 : g.lr() / lr);
                decays.add(g.weightDecay() == null ? Double.NaN : g.weightDecay());
            }
        }
        this.params = List.copyOf(all);
        this.lrShare = shares.stream().mapToDouble(Double::doubleValue).toArray();
        this.groupWeightDecay = decays.stream().mapToDouble(Double::doubleValue).toArray();
        this.lr = lr;
        this.initialLr = lr;
        this.paramSteps = new long[this.params.size()];
    }

    /** The learning rate of parameter {@code index}: the optimizer's, scaled for its group. */
    protected final double lr(int index) {
        return lr * lrShare[index];
    }

    /** The weight decay of parameter {@code index}: its group's, or {@code own} (the optimizer's). */
    protected final double weightDecay(int index, double own) {
        return Double.isNaN(groupWeightDecay[index]) ? own : groupWeightDecay[index];
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        steps++;
        try (var _ = Grad.disabled()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                SparseGrad sparse = p.sparseGrad();
                if (sparse != null) {
                    paramSteps[i]++;
                    updateSparse(i, p, sparse);
                } else if (p.grad() != null) {
                    paramSteps[i]++;
                    update(i, p, p.grad());
                }
            }
        }
    }

    /**
     * Updates parameter {@code index} in place from its gradient (no graph is recorded);
     * {@code paramSteps[index]} already counts this update.
     */
    protected abstract void update(int index, Tensor param, Tensor grad);

    /**
     * Updates parameter {@code index} from a row-sparse gradient (a sparse Embedding's), touching only its rows.
     * Optimizers whose rule has no such form refuse, as PyTorch's do.
     */
    protected void updateSparse(int index, Tensor param, SparseGrad grad) {
        throw new DendriteException(getClass().getSimpleName() + ": parameter " + index + " " + param.shape()
                + " has a row-sparse gradient (a sparse Embedding), which this optimizer does not take; use Adam"
                + " (lazy, as SparseAdam) or Sgd without momentum, or a dense Embedding");
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    public final double lr() {
        return lr;
    }

    /** The learning rate the optimizer was created with: what a schedule multiplies. */
    public final double initialLr() {
        return initialLr;
    }

    /** The parameters this optimizer updates, in order. */
    public final List<Tensor> parameters() {
        return params;
    }

    /** Sets the learning rate (what schedules call between steps). */
    public final void setLr(double lr) {
        this.lr = lr;
    }

    /** Number of step() calls so far. */
    public final long steps() {
        return steps;
    }

    /**
     * Named state ("3.exp_avg" = buffer exp_avg of parameter 3, "3.step" = its update count, "lr", "initial_lr",
     * "steps"),
     * sorted, as INT64 / FLOAT64 scalars and the buffers themselves; what a checkpoint stores.
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new TreeMap<>();
        buffers().forEach((name, perParam) -> {
            for (int i = 0; i < perParam.length; i++) {
                if (perParam[i] != null) {
                    out.put(i + "." + name, perParam[i]);
                }
            }
        });
        for (int i = 0; i < paramSteps.length; i++) {
            out.put(i + ".step", Tensor.scalar(paramSteps[i], DType.INT64));
        }
        out.put("lr", Tensor.scalar(lr, DType.FLOAT64));
        out.put("initial_lr", Tensor.scalar(initialLr, DType.FLOAT64));
        out.put("steps", Tensor.scalar(steps, DType.INT64));
        return out;
    }

    /** Restores what {@link #state()} returned (for the same parameters, in the same order). */
    public void loadState(Map<String, Tensor> state) {
        Map<String, Tensor[]> buffers = buffers();
        for (var e : state.entrySet()) {
            String key = e.getKey();
            Tensor value = e.getValue();
            switch (key) {
                case "lr" -> lr = value.item();
                case "initial_lr" -> initialLr = value.item();
                case "steps" -> steps = (long) value.item();
                default -> {
                    int dot = key.indexOf('.');
                    int index = dot > 0 ? Integer.parseInt(key.substring(0, dot)) : -1;
                    String name = key.substring(dot + 1);
                    if (index < 0 || index >= params.size()) {
                        throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: unknown key " + key);
                    }
                    if (name.equals("step")) {
                        paramSteps[index] = (long) value.item();
                    } else if (buffers.containsKey(name)) {
                        buffers.get(name)[index] = value.to(params.get(index).dtype()).clone();
                    } else {
                        throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: unknown buffer " + key);
                    }
                }
            }
        }
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

// Adagrad (Duchi et al. 2011) as PyTorch: sum += g^2; p -= lr / (1 + (t - 1) lrDecay) * g / (sqrt(sum) + eps).
package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulator;
    private final double eps;
    private final Tensor[] sum;

    public Adagrad(List<Tensor> params, double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        super(params, lr);
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulator = initialAccumulator;
        this.eps = eps;
        this.sum = new Tensor[this.params.size()];
    }

    /** PyTorch's defaults: no lr decay, no weight decay, accumulator starting at 0, eps 1e-10. */
    public Adagrad(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10);
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        long t = paramSteps[i];
        Tensor g = withWeightDecay(grad, p, weightDecay);
        Tensor previous = sum[i] == null ? Tensor.full(initialAccumulator, p.dtype(), p.dims()) : sum[i];
        Tensor s = previous.add(g.mul(g));
        sum[i] = s;
        double clr = lr / (1 + (t - 1) * lrDecay);
        p.copyFrom(p.sub(g.div(s.sqrt().add(eps)).mul(clr)));
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("sum", sum);
    }
}

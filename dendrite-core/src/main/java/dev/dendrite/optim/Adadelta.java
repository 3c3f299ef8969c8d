// Adadelta (Zeiler 2012) as PyTorch: s = rho s + (1 - rho) g^2; d = sqrt(u + eps) / sqrt(s + eps) * g;
// u = rho u + (1 - rho) d^2; p -= lr * d.
package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

public final class Adadelta extends Optimizer {
    private final double rho;
    private final double eps;
    private final double weightDecay;
    private final Tensor[] squareAvg;
    private final Tensor[] accDelta;

    public Adadelta(List<Tensor> params, double lr, double rho, double eps, double weightDecay) {
        super(params, lr);
        this.rho = rho;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.squareAvg = new Tensor[this.params.size()];
        this.accDelta = new Tensor[this.params.size()];
    }

    /** PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6, no weight decay. */
    public Adadelta(List<Tensor> params) {
        this(params, 1.0, 0.9, 1e-6, 0);
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        Tensor g = withWeightDecay(grad, p, weightDecay);
        Tensor s = RmsProp.ema(squareAvg[i], g.mul(g), rho);
        squareAvg[i] = s;
        Tensor previousDelta = accDelta[i] == null ? Tensor.zeros(p.dtype(), p.dims()) : accDelta[i];
        Tensor delta = previousDelta.add(eps).sqrt().div(s.add(eps).sqrt()).mul(g);
        accDelta[i] = RmsProp.ema(accDelta[i], delta.mul(delta), rho);
        p.copyFrom(p.sub(delta.mul(lr)));
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("square_avg", squareAvg, "acc_delta", accDelta);
    }
}

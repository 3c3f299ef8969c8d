package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler 2012) as PyTorch: s = rho s + (1 - rho) g^2; d = sqrt(u + eps) / sqrt(s + eps) * g; u = rho u +
 * (1 - rho) d^2; p -= lr * d.
 */
public final class Adadelta extends Optimizer {
    /** PyTorch's Adadelta arguments. */
    public record Options(double lr, double rho, double eps, double weightDecay) {
        /** PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6, no weight decay. */
        public static final Options DEFAULTS = new Options(1.0, 0.9, 1e-6, 0);

        public Options withLr(double v) {
            return new Options(v, rho, eps, weightDecay);
        }

        public Options withRho(double v) {
            return new Options(lr, v, eps, weightDecay);
        }

        public Options withEps(double v) {
            return new Options(lr, rho, v, weightDecay);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, rho, eps, v);
        }
    }

    private final Options options;
    private final Tensor[] squareAvg;
    private final Tensor[] accDelta;

    public Adadelta(List<ParamGroup> groups, Options options) {
        super(groups, options.lr());
        this.options = options;
        this.squareAvg = new Tensor[this.params.size()];
        this.accDelta = new Tensor[this.params.size()];
    }

    /** PyTorch's defaults with learning rate {@code lr}. */
    public Adadelta(List<Tensor> params, double lr) {
        this(ParamGroup.all(params), Options.DEFAULTS.withLr(lr));
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        Tensor g = withWeightDecay(grad, p, weightDecay(i, options.weightDecay()));
        Tensor s = RmsProp.ema(squareAvg[i], g.mul(g), options.rho());
        squareAvg[i] = s;
        Tensor previousDelta = accDelta[i] == null ? Tensor.zeros(p.dtype(), p.dims()) : accDelta[i];
        Tensor delta = previousDelta.add(options.eps()).sqrt().div(s.add(options.eps()).sqrt()).mul(g);
        accDelta[i] = RmsProp.ema(accDelta[i], delta.mul(delta), options.rho());
        p.copyFrom(p.sub(delta.mul(lr(i))));
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("square_avg", squareAvg, "acc_delta", accDelta);
    }
}

package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi et al. 2011) as PyTorch: sum += g^2; p -= lr / (1 + (t - 1) lrDecay) * g / (sqrt(sum) + eps).
 */
public final class Adagrad extends Optimizer {
    /** PyTorch's Adagrad arguments. */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        /** PyTorch's defaults: lr 0.01, no lr decay, no weight decay, accumulator starting at 0, eps 1e-10. */
        public static final Options DEFAULTS = new Options(0.01, 0, 0, 0, 1e-10);

        public Options withLr(double v) {
            return new Options(v, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        public Options withLrDecay(double v) {
            return new Options(lr, v, weightDecay, initialAccumulatorValue, eps);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, lrDecay, v, initialAccumulatorValue, eps);
        }

        public Options withInitialAccumulatorValue(double v) {
            return new Options(lr, lrDecay, weightDecay, v, eps);
        }

        public Options withEps(double v) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, v);
        }
    }

    private final Options options;
    private final Tensor[] sum;

    public Adagrad(List<ParamGroup> groups, Options options) {
        super(groups, options.lr());
        this.options = options;
        this.sum = new Tensor[this.params.size()];
    }

    /** PyTorch's defaults with learning rate {@code lr}. */
    public Adagrad(List<Tensor> params, double lr) {
        this(ParamGroup.all(params), Options.DEFAULTS.withLr(lr));
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        long t = paramSteps[i];
        Tensor g = withWeightDecay(grad, p, weightDecay(i, options.weightDecay()));
        Tensor previous = sum[i] == null ? Tensor.full(options.initialAccumulatorValue(), p.dtype(), p.dims()) : sum[i];
        Tensor s = previous.add(g.mul(g));
        sum[i] = s;
        double clr = lr(i) / (1 + (t - 1) * options.lrDecay());
        p.copyFrom(p.sub(g.div(s.sqrt().add(options.eps())).mul(clr)));
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("sum", sum);
    }
}

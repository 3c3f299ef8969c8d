package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * RMSProp (Hinton, Coursera lecture 6e) as PyTorch: s = alpha s + (1 - alpha) g^2, step g / (sqrt(s) + eps);
 * centered subtracts the squared running mean of g; optional momentum on the scaled step.
 */
public final class RmsProp extends Optimizer {
    /** PyTorch's RMSprop arguments. */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        /** PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
        public static final Options DEFAULTS = new Options(0.01, 0.99, 1e-8, 0, 0, false);

        public Options withLr(double v) {
            return new Options(v, alpha, eps, weightDecay, momentum, centered);
        }

        public Options withAlpha(double v) {
            return new Options(lr, v, eps, weightDecay, momentum, centered);
        }

        public Options withEps(double v) {
            return new Options(lr, alpha, v, weightDecay, momentum, centered);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, alpha, eps, v, momentum, centered);
        }

        public Options withMomentum(double v) {
            return new Options(lr, alpha, eps, weightDecay, v, centered);
        }

        public Options withCentered(boolean v) {
            return new Options(lr, alpha, eps, weightDecay, momentum, v);
        }
    }

    private final Options options;
    private final Tensor[] squareAvg;
    private final Tensor[] gradAvg;
    private final Tensor[] momentumBuffer;

    public RmsProp(List<ParamGroup> groups, Options options) {
        super(groups, options.lr());
        this.options = options;
        this.squareAvg = new Tensor[this.params.size()];
        this.gradAvg = new Tensor[this.params.size()];
        this.momentumBuffer = new Tensor[this.params.size()];
    }

    /** PyTorch's defaults with learning rate {@code lr}. */
    public RmsProp(List<Tensor> params, double lr) {
        this(ParamGroup.all(params), Options.DEFAULTS.withLr(lr));
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        Tensor g = withWeightDecay(grad, p, weightDecay(i, options.weightDecay()));
        Tensor sq = ema(squareAvg[i], g.mul(g), options.alpha());
        squareAvg[i] = sq;
        Tensor avg;
        if (options.centered()) {
            Tensor ga = ema(gradAvg[i], g, options.alpha());
            gradAvg[i] = ga;
            avg = sq.sub(ga.mul(ga)).sqrt().add(options.eps());
        } else {
            avg = sq.sqrt().add(options.eps());
        }
        Tensor step = g.div(avg);
        if (options.momentum() > 0) {
            step = momentumBuffer[i] == null ? step : momentumBuffer[i].mul(options.momentum()).add(step);
            momentumBuffer[i] = step;
        }
        p.copyFrom(p.sub(step.mul(lr(i))));
    }

    /** decay * previous + (1 - decay) * value, with previous = 0 at the start. */
    static Tensor ema(Tensor previous, Tensor value, double decay) {
        Tensor fresh = value.mul(1 - decay);
        return previous == null ? fresh : previous.mul(decay).add(fresh);
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("square_avg", squareAvg, "grad_avg", gradAvg, "momentum_buffer", momentumBuffer);
    }
}

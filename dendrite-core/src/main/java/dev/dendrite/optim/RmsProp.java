// RMSProp (Hinton, Coursera lecture 6e) as PyTorch: s = alpha s + (1 - alpha) g^2, step g / (sqrt(s) + eps);
// centered subtracts the squared running mean of g; optional momentum on the scaled step.
package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;
    private final Tensor[] squareAvg;
    private final Tensor[] gradAvg;
    private final Tensor[] momentumBuffer;

    public RmsProp(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super(params, lr);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
        this.squareAvg = new Tensor[this.params.size()];
        this.gradAvg = new Tensor[this.params.size()];
        this.momentumBuffer = new Tensor[this.params.size()];
    }

    /** PyTorch's defaults: alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
    public RmsProp(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        Tensor g = withWeightDecay(grad, p, weightDecay);
        Tensor sq = ema(squareAvg[i], g.mul(g), alpha);
        squareAvg[i] = sq;
        Tensor avg;
        if (centered) {
            Tensor ga = ema(gradAvg[i], g, alpha);
            gradAvg[i] = ga;
            avg = sq.sub(ga.mul(ga)).sqrt().add(eps);
        } else {
            avg = sq.sqrt().add(eps);
        }
        Tensor step = g.div(avg);
        if (momentum > 0) {
            step = momentumBuffer[i] == null ? step : momentumBuffer[i].mul(momentum).add(step);
            momentumBuffer[i] = step;
        }
        p.copyFrom(p.sub(step.mul(lr)));
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

package dev.dendrite.optim;

import dev.dendrite.autograd.SparseGrad;
import dev.dendrite.tensor.DendriteException;
import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's momentum, dampening, Nesterov momentum and weight decay, or with the
 * seeds' exponentially weighted momentum v = beta v + (1 - beta) g (v starting at 0). Batch, stochastic and
 * mini-batch gradient descent are all this optimizer: they differ only in how many samples each gradient averages
 * (all of them: exact but slow steps; one: cheap, noisy steps that can escape shallow minima; a mini-batch of
 * 32-256: the usual compromise that also uses the hardware well).
 */
public final class Sgd extends Optimizer {
    /** PyTorch's SGD arguments. */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        /** PyTorch's defaults: lr 1e-3, no momentum, dampening or weight decay. */
        public static final Options DEFAULTS = new Options(1e-3, 0, 0, 0, false);

        public Options {
            if (momentum < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("Sgd: momentum and weightDecay must be >= 0");
            }
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and zero dampening");
            }
        }

        public Options withLr(double v) {
            return new Options(v, momentum, dampening, weightDecay, nesterov);
        }

        public Options withMomentum(double v) {
            return new Options(lr, v, dampening, weightDecay, nesterov);
        }

        public Options withDampening(double v) {
            return new Options(lr, momentum, v, weightDecay, nesterov);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, momentum, dampening, v, nesterov);
        }

        public Options withNesterov(boolean v) {
            return new Options(lr, momentum, dampening, weightDecay, v);
        }
    }

    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final boolean exponentialAverage;
    private final Tensor[] velocity;

    private Sgd(List<ParamGroup> groups, Options o, boolean exponentialAverage) {
        super(groups, o.lr());
        this.momentum = o.momentum();
        this.dampening = o.dampening();
        this.weightDecay = o.weightDecay();
        this.nesterov = o.nesterov();
        this.exponentialAverage = exponentialAverage;
        this.velocity = new Tensor[this.params.size()];
    }

    /**
     * PyTorch's SGD: buf = momentum buf + (1 - dampening) g (buf = g on the first step); p -= lr * buf (or
     * Nesterov: p -= lr * (g + momentum buf)).
     */
    public Sgd(List<ParamGroup> groups, Options options) {
        this(groups, options, false);
    }

    /** Plain gradient descent: p -= lr * g. */
    public Sgd(List<Tensor> params, double lr) {
        this(ParamGroup.all(params), Options.DEFAULTS.withLr(lr), false);
    }

    /** The seeds' momentum: v = beta v + (1 - beta) g with v = 0 at the start; p -= lr * v. */
    public static Sgd exponentialAverage(List<Tensor> params, double lr, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("Sgd.exponentialAverage: beta must be in [0, 1), got " + beta);
        }
        return new Sgd(ParamGroup.all(params), Options.DEFAULTS.withLr(lr).withMomentum(beta), true);
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        Tensor g = withWeightDecay(grad, p, weightDecay(i, weightDecay));
        if (exponentialAverage) {
            Tensor v = velocity[i] == null ? g.mul(1 - momentum) : velocity[i].mul(momentum).add(g.mul(1 - momentum));
            velocity[i] = v;
            p.copyFrom(p.sub(v.mul(lr(i))));
            return;
        }
        if (momentum != 0) {
            Tensor buf = velocity[i] == null ? g.clone() : velocity[i].mul(momentum).add(g.mul(1 - dampening));
            velocity[i] = buf;
            g = nesterov ? g.add(buf.mul(momentum)) : buf;
        }
        p.copyFrom(p.sub(g.mul(lr(i))));
    }

    /** Plain SGD on the rows a sparse gradient touches (repeated rows add up): p[row] -= lr * g. */
    @Override
    protected void updateSparse(int i, Tensor p, SparseGrad grad) {
        if (momentum != 0 || weightDecay(i, weightDecay) != 0) {
            throw new DendriteException("Sgd: parameter " + i + " " + p.shape() + " has a row-sparse gradient (a sparse"
                    + " Embedding); momentum and weight decay would touch every row: use them with a dense Embedding");
        }
        SparseGrad step = grad.times(-lr(i));
        if (p.isContiguous()) {
            step.addTo(p);
        } else {
            p.copyFrom(p.add(step.toDense()));
        }
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("momentum_buffer", velocity);
    }
}

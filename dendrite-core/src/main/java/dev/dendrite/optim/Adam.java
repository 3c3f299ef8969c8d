package dev.dendrite.optim;

import dev.dendrite.autograd.SparseGrad;
import dev.dendrite.kernels.FastOptim;
import dev.dendrite.tensor.DendriteException;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015) with PyTorch's options: L2 weight decay folded into the gradient, or decoupled weight
 * decay (AdamW, its subclass); amsgrad keeps the running maximum of the second moment. m = b1 m + (1 - b1) g; v =
 * b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). A row-sparse gradient (a
 * sparse Embedding) gets SparseAdam's lazy update of the touched rows only.
 */
public class Adam extends Optimizer {
    /** PyTorch's Adam / AdamW arguments. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        /** torch.optim.Adam's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-8, 0, false);

        public Options {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(eps >= 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam: eps and weightDecay must be >= 0, got " + eps + ", " + weightDecay);
            }
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad);
        }

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, amsgrad);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, amsgrad);
        }

        public Options withAmsgrad(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v);
        }
    }

    private final Options options;
    private final boolean decoupled;
    private final Tensor[] expAvg;
    private final Tensor[] expAvgSq;
    private final Tensor[] maxExpAvgSq;

    Adam(List<ParamGroup> groups, Options options, boolean decoupled) {
        super(groups, options.lr());
        this.options = options;
        this.decoupled = decoupled;
        int n = this.params.size();
        this.expAvg = new Tensor[n];
        this.expAvgSq = new Tensor[n];
        this.maxExpAvgSq = new Tensor[n];
    }

    /** Adam with L2 weight decay folded into the gradient, as torch.optim.Adam. */
    public Adam(List<ParamGroup> groups, Options options) {
        this(groups, options, false);
    }

    /** PyTorch's defaults with learning rate {@code lr}. */
    public Adam(List<Tensor> params, double lr) {
        this(ParamGroup.all(params), Options.DEFAULTS.withLr(lr), false);
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        long t = paramSteps[i];
        double beta1 = options.beta1();
        double beta2 = options.beta2();
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        double lr = lr(i);
        double weightDecay = weightDecay(i, options.weightDecay());
        if (p.dtype() == DType.FLOAT32 && p.isContiguous()) {
            fused(i, p, grad.contiguous(), lr, weightDecay, bias1, bias2);
            return;
        }
        Tensor g = decoupled ? grad : withWeightDecay(grad, p, weightDecay);
        Tensor base = decoupled && weightDecay != 0 ? p.mul(1 - lr * weightDecay) : p;
        Tensor m = RmsProp.ema(expAvg[i], g, beta1);
        Tensor v = RmsProp.ema(expAvgSq[i], g.mul(g), beta2);
        expAvg[i] = m;
        expAvgSq[i] = v;
        Tensor second = v;
        if (options.amsgrad()) {
            second = maxExpAvgSq[i] == null ? v : maxExpAvgSq[i].maximum(v);
            maxExpAvgSq[i] = second;
        }
        Tensor denominator = second.sqrt().div(Math.sqrt(bias2)).add(options.eps());
        p.copyFrom(base.sub(m.div(denominator).mul(lr / bias1)));
    }

    /** FLOAT32: one pass over the parameter with FastOptim.adam, moments kept as FLOAT32 buffers. */
    private void fused(int i, Tensor p, Tensor g, double lr, double weightDecay, double bias1, double bias2) {
        boolean amsgrad = options.amsgrad();
        int n = p.numel();
        if (expAvg[i] == null) {
            expAvg[i] = Tensor.zeros(DType.FLOAT32, p.dims());
            expAvgSq[i] = Tensor.zeros(DType.FLOAT32, p.dims());
            if (amsgrad) {
                maxExpAvgSq[i] = Tensor.zeros(DType.FLOAT32, p.dims());
            }
        }
        FastOptim.adam(data(p), p.offset(), data(g), g.offset(), data(expAvg[i]), data(expAvgSq[i]),
                amsgrad ? data(maxExpAvgSq[i]) : null, n, (float) lr, (float) options.beta1(), (float) options.beta2(), (float) options.eps(),
                (float) weightDecay, decoupled, (float) bias1, (float) bias2);
        p.storage().bumpVersion();
    }

    /**
     * Lazy Adam on the rows a sparse gradient touches, as torch.optim.SparseAdam: repeated rows are summed, only
     * those rows' moments and values change, t counts this parameter's updates, and p -= lr sqrt(1 - b2^t) /
     * (1 - b1^t) * m / (sqrt(v) + eps). Weight decay and amsgrad would touch every row, so they are refused.
     */
    @Override
    protected void updateSparse(int i, Tensor p, SparseGrad grad) {
        if (weightDecay(i, options.weightDecay()) != 0 || options.amsgrad()) {
            throw new DendriteException(getClass().getSimpleName() + ": parameter " + i + " " + p.shape() + " has a"
                    + " row-sparse gradient (a sparse Embedding), which gets lazy Adam without weight decay or amsgrad"
                    + " (as SparseAdam); set them to 0 / false or use a dense Embedding");
        }
        if (!p.isContiguous()) {
            update(i, p, grad.toDense());
            return;
        }
        if (expAvg[i] == null) {
            expAvg[i] = Tensor.zeros(p.dtype(), p.dims());
            expAvgSq[i] = Tensor.zeros(p.dtype(), p.dims());
        }
        long t = paramSteps[i];
        double b1 = options.beta1();
        double b2 = options.beta2();
        double stepSize = lr(i) * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        SparseGrad rows = grad.coalesce();
        int[] indices = rows.indices();
        int d = rows.dim();
        Tensor values = rows.values();
        Tensor m = expAvg[i];
        Tensor v = expAvgSq[i];
        if (p.dtype() == DType.FLOAT32) {
            float[] w = data(p);
            float[] g = data(values);
            float[] ma = data(m);
            float[] va = data(v);
            for (int k = 0; k < indices.length; k++) {
                int at = indices[k] * d;
                for (int j = 0; j < d; j++) {
                    float gj = g[values.offset() + k * d + j];
                    float mj = ma[at + j] = (float) (b1 * ma[at + j] + (1 - b1) * gj);
                    float vj = va[at + j] = (float) (b2 * va[at + j] + (1 - b2) * gj * gj);
                    w[p.offset() + at + j] -= (float) (stepSize * mj / (Math.sqrt(vj) + options.eps()));
                }
            }
        } else {
            double[] w = ((Storage.F64) p.storage()).data;
            double[] g = ((Storage.F64) values.storage()).data;
            double[] ma = ((Storage.F64) m.storage()).data;
            double[] va = ((Storage.F64) v.storage()).data;
            for (int k = 0; k < indices.length; k++) {
                int at = indices[k] * d;
                for (int j = 0; j < d; j++) {
                    double gj = g[values.offset() + k * d + j];
                    double mj = ma[at + j] = b1 * ma[at + j] + (1 - b1) * gj;
                    double vj = va[at + j] = b2 * va[at + j] + (1 - b2) * gj * gj;
                    w[p.offset() + at + j] -= stepSize * mj / (Math.sqrt(vj) + options.eps());
                }
            }
        }
        p.storage().bumpVersion();
    }

    private static float[] data(Tensor t) {
        return ((Storage.F32) t.storage()).data;
    }

    @Override
    protected Map<String, Tensor[]> buffers() {
        return Map.of("exp_avg", expAvg, "exp_avg_sq", expAvgSq, "max_exp_avg_sq", maxExpAvgSq);
    }
}

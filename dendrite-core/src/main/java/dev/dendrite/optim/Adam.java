// Adam (Kingma & Ba 2015) with PyTorch's options: L2 weight decay folded into the gradient, or decoupled
// weight decay (AdamW, Loshchilov & Hutter 2019); amsgrad keeps the running maximum of the second moment.
// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
package dev.dendrite.optim;

import dev.dendrite.kernels.FastOptim;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final boolean amsgrad;
    private final Tensor[] expAvg;
    private final Tensor[] expAvgSq;
    private final Tensor[] maxExpAvgSq;

    private Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean decoupled, boolean amsgrad) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
        int n = this.params.size();
        this.expAvg = new Tensor[n];
        this.expAvgSq = new Tensor[n];
        this.maxExpAvgSq = new Tensor[n];
    }

    /** Adam with L2 weight decay folded into the gradient, as torch.optim.Adam. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, false, amsgrad);
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /** AdamW: decoupled weight decay p *= 1 - lr * weightDecay before the Adam step (PyTorch default decay 0.01). */
    public static Adam adamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(params, lr, beta1, beta2, eps, weightDecay, true, false);
    }

    public static Adam adamW(List<Tensor> params, double lr) {
        return adamW(params, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        long t = paramSteps[i];
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        if (p.dtype() == DType.FLOAT32 && p.isContiguous()) {
            fused(i, p, grad.contiguous(), bias1, bias2);
            return;
        }
        Tensor g = decoupled ? grad : withWeightDecay(grad, p, weightDecay);
        Tensor base = decoupled && weightDecay != 0 ? p.mul(1 - lr * weightDecay) : p;
        Tensor m = RmsProp.ema(expAvg[i], g, beta1);
        Tensor v = RmsProp.ema(expAvgSq[i], g.mul(g), beta2);
        expAvg[i] = m;
        expAvgSq[i] = v;
        Tensor second = v;
        if (amsgrad) {
            second = maxExpAvgSq[i] == null ? v : maxExpAvgSq[i].maximum(v);
            maxExpAvgSq[i] = second;
        }
        Tensor denominator = second.sqrt().div(Math.sqrt(bias2)).add(eps);
        p.copyFrom(base.sub(m.div(denominator).mul(lr / bias1)));
    }

    /** FLOAT32: one pass over the parameter with FastOptim.adam, moments kept as FLOAT32 buffers. */
    private void fused(int i, Tensor p, Tensor g, double bias1, double bias2) {
        int n = p.numel();
        if (expAvg[i] == null) {
            expAvg[i] = Tensor.zeros(DType.FLOAT32, p.dims());
            expAvgSq[i] = Tensor.zeros(DType.FLOAT32, p.dims());
            if (amsgrad) {
                maxExpAvgSq[i] = Tensor.zeros(DType.FLOAT32, p.dims());
            }
        }
        FastOptim.adam(data(p), p.offset(), data(g), g.offset(), data(expAvg[i]), data(expAvgSq[i]),
                amsgrad ? data(maxExpAvgSq[i]) : null, n, (float) lr, (float) beta1, (float) beta2, (float) eps,
                (float) weightDecay, decoupled, (float) bias1, (float) bias2);
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

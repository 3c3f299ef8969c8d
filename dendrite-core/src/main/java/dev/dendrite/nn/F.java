package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.AutogradException;
import dev.dendrite.autograd.Grad;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.ops.Conv;
import dev.dendrite.ops.ConvTranspose;
import dev.dendrite.ops.Index;
import dev.dendrite.ops.MatMul;
import dev.dendrite.ops.Normalization;
import dev.dendrite.ops.Padding;
import dev.dendrite.ops.Pool;
import dev.dendrite.ops.Stochastic;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.DTypeException;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * The functional face (torch.nn.functional): the math of the layers and the losses, with no state. Modules call
 * these; so can a model written as plain functions. Convolution and pooling take per-dim arrays or, for square
 * windows, single ints. Loss formulas and reductions follow torch.nn.functional; all are numerically stable for
 * logits up to +-1e30.
 */
public final class F {
    private F() {}

    /**
     * Looks up rows of a (count, dim) table (PyTorch's F.embedding); {@code paddingIdx} (or -1) reads as zeros and
     * gets no gradient; {@code sparse} makes a leaf table's gradient row-sparse. Shapes: ids INT64 (*) -&gt; (*, dim).
     */
    public static Tensor embedding(Tensor ids, Tensor weight, int paddingIdx, boolean sparse) {
        return Index.embedding(weight, ids, paddingIdx, sparse);
    }

    /**
     * Layer normalisation (Ba et al. 2016, the Transformer's Add &amp; Norm; PyTorch's F.layer_norm): each sample
     * normalised over its last {@code dims} dims to zero mean and unit (biased) variance, then scaled by
     * {@code weight} and shifted by {@code bias} (either may be null). One fused op (ops.Normalization). Shapes: x (..., normalized), weight and bias (normalized) -&gt; x's shape.
     */
    public static Tensor layerNorm(Tensor x, int dims, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, dims, weight, bias, eps);
    }

    /** y = x W^T + b. Shapes: x (..., in), weight (out, in), bias (out) or null -> (..., out). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return MatMul.linear(x, weight, bias);
    }

    /**
     * 2-d convolution (cross-correlation) with groups. Shapes: x (B, C, H, W), weight (O, C / groups, kH, kW),
     * bias (O) or null -> (B, O, H', W').
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
                                int groups) {
        return Conv.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** Square stride and symmetric padding, no dilation, one group (PyTorch's conv2d(x, w, b, stride, padding)). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[] {stride, stride}, Padding.of(padding, padding), new int[] {1, 1}, 1);
    }

    /**
     * Transposed 2-d convolution (PyTorch's conv_transpose2d). Shapes: x (B, C, H, W), weight (C, O / groups, kH,
     * kW), bias (O) or null -&gt; (B, O, H', W'); see ops.ConvTranspose for the output size.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation, int groups) {
        return ConvTranspose.convTranspose2d(x, weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    /** 1-d convolution. Shapes: x (B, C, L), weight (O, C / groups, k), bias (O) or null -> (B, O, L'). */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, Padding padding, int dilation,
                                int groups) {
        return Conv.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** Max pooling. Shapes: x (B, C, H, W) -> (B, C, H', W'). */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, Padding padding, boolean ceilMode) {
        return Pool.maxPool2d(x, kernel, stride, padding, ceilMode);
    }

    /** Square window and stride, no padding. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        return maxPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, Padding.VALID, false);
    }

    /** Average pooling (padding counts as zeros, PyTorch's count_include_pad). Shapes as maxPool2d. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, Padding padding, boolean ceilMode) {
        return Pool.avgPool2d(x, kernel, stride, padding, ceilMode);
    }

    /** Square window and stride, no padding. */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, Padding.VALID, false);
    }

    /** Shapes: x (B, C, L) -> (B, C, L'). */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, Padding padding, boolean ceilMode) {
        return Pool.maxPool1d(x, kernel, stride, padding, ceilMode);
    }

    /** Shapes: x (B, C, L) -> (B, C, L'). */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, Padding padding, boolean ceilMode) {
        return Pool.avgPool1d(x, kernel, stride, padding, ceilMode);
    }

    /** Average pooling to a fixed output size, PyTorch's bins. Shapes: x (B, C, H, W) -> (B, C, outH, outW). */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return Pool.adaptiveAvgPool2d(x, outH, outW);
    }

    /** Max pooling to a fixed output size, PyTorch's bins. Shapes: x (B, C, H, W) -> (B, C, outH, outW). */
    public static Tensor adaptiveMaxPool2d(Tensor x, int outH, int outW) {
        return Pool.adaptiveMaxPool2d(x, outH, outW);
    }

    /** Inverted dropout: in training zeroes each element with probability p and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator g) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        return Stochastic.dropout(x, p, g.nextLong());
    }

    private static void sameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new ShapeException(op + ": input " + input.shape() + " and target " + target.shape()
                    + " must have the same shape");
        }
    }

    private static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }

    /** Mean squared error: reduce((x - y)^2). */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mseLoss", input, target);
        Tensor d = input.sub(target);
        return reduce(d.mul(d), reduction);
    }

    /** The seeds' squared error, reduce(1/2 (t - y)^2): with Reduction.SUM it is E = 1/2 sum (t - y)^2. */
    public static Tensor halfSquaredError(Tensor input, Tensor target, Reduction reduction) {
        sameShape("halfSquaredError", input, target);
        Tensor d = input.sub(target);
        return reduce(d.mul(d).mul(0.5), reduction);
    }

    /** Mean absolute error: reduce(|x - y|). */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1Loss", input, target);
        return reduce(input.sub(target).abs(), reduction);
    }

    /**
     * Binary cross-entropy on probabilities: -(y log p + (1 - y) log(1 - p)), each log clamped at -100 as in
     * PyTorch. Gradient (p - y) / max(p (1 - p), 1e-12). No gradient flows to the target.
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor target, Reduction reduction) {
        sameShape("binaryCrossEntropy", p, target);
        if (target.requiresGrad()) {
            throw new AutogradException("binaryCrossEntropy: the gradient with respect to the target is not"
                    + " defined; use binaryCrossEntropyWithLogits or detach() the target");
        }
        Tensor loss;
        try (var _ = Grad.disabled()) {
            Tensor logP = p.log().clamp(-100, Double.MAX_VALUE);
            Tensor log1mP = p.neg().add(1).log().clamp(-100, Double.MAX_VALUE);
            loss = target.mul(logP).add(target.neg().add(1).mul(log1mP)).neg();
        }
        SavedTensor sp = new SavedTensor("binaryCrossEntropy", p);
        SavedTensor st = new SavedTensor("binaryCrossEntropy", target);
        loss = Autograd.record("binaryCrossEntropy", loss, new Tensor[] {p}, new SavedTensor[] {sp, st}, g -> {
            Tensor pv = sp.get();
            Tensor denominator = pv.mul(pv.neg().add(1)).clamp(1e-12, Double.MAX_VALUE);
            return new Tensor[] {g.mul(pv.sub(st.get())).div(denominator)};
        });
        return reduce(loss, reduction);
    }

    /**
     * Binary cross-entropy on logits, in the stable form max(x, 0) - x y + log(1 + exp(-|x|)).
     * Gradients: sigmoid(x) - y for x, -x for y.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        sameShape("binaryCrossEntropyWithLogits", logits, target);
        Tensor loss;
        try (var _ = Grad.disabled()) {
            loss = logits.relu().sub(logits.mul(target)).add(logits.abs().neg().softplus());
        }
        SavedTensor sx = new SavedTensor("binaryCrossEntropyWithLogits", logits);
        SavedTensor st = new SavedTensor("binaryCrossEntropyWithLogits", target);
        loss = Autograd.record("binaryCrossEntropyWithLogits", loss, new Tensor[] {logits, target},
                new SavedTensor[] {sx, st}, g -> new Tensor[] {
                        g.mul(sx.get().sigmoid().sub(st.get())),
                        target.requiresGrad() ? g.mul(sx.get()).neg() : null});
        return reduce(loss, reduction);
    }

    /** Cross-entropy over logits with PyTorch's defaults (mean, no weights, ignore index -100). */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, ClassLossOptions.DEFAULTS);
    }

    /**
     * Cross-entropy over logits: logSoftmax over the class dim, then the (weighted) negative log-likelihood of the
     * target class, optionally mixed with label smoothing as PyTorch does ((1 - e) nll + e * mean over classes
     * of the weighted -log p). Shapes: logits (B, C) or (B, C, d...), target INT64 (B) or (B, d...).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, ClassLossOptions options) {
        return classLoss("crossEntropy", logits, target, options, true);
    }

    /**
     * Cross-entropy of a padded batch of sequences, averaged over the real steps only: steps at or past
     * {@code lengths[b]} neither add to the loss nor receive gradient. Shapes: logits (B, T, C) (classes last, as
     * recurrent layers emit them), target INT64 (B, T), lengths (B) or null for all steps.
     */
    public static Tensor maskedCrossEntropy(Tensor logits, Tensor target, int[] lengths) {
        if (logits.rank() != 3 || !target.shape().equals(dev.dendrite.tensor.Shape.of(logits.size(0), logits.size(1)))) {
            throw new ShapeException("maskedCrossEntropy: expected logits (B, T, C) and target (B, T), got "
                    + logits.shape() + " and " + target.shape());
        }
        int batch = logits.size(0);
        int steps = logits.size(1);
        if (lengths != null && lengths.length != batch) {
            throw new ShapeException("maskedCrossEntropy: expected " + batch + " lengths, got " + lengths.length);
        }
        long[] t = target.toLongArray();
        long ignore = -1; // never a valid class: negative targets at real steps are rejected below
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 && (lengths == null || i % steps < lengths[i / steps])) {
                throw new ShapeException("maskedCrossEntropy: target " + t[i] + " at step " + i % steps + " of sequence "
                        + i / steps + " is negative");
            }
        }
        for (int b = 0; lengths != null && b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new ShapeException("maskedCrossEntropy: length " + lengths[b] + " of sequence " + b
                        + " is outside 0.." + steps);
            }
            java.util.Arrays.fill(t, b * steps + lengths[b], (b + 1) * steps, ignore);
        }
        return crossEntropy(logits.reshape(batch * steps, logits.size(2)), Tensor.fromArray(t),
                ClassLossOptions.DEFAULTS.withIgnoreIndex(ignore));
    }

    /** Negative log-likelihood of the target class given log-probabilities. Shapes as {@link #crossEntropy}. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, ClassLossOptions options) {
        if (options.labelSmoothing() != 0) {
            throw new IllegalArgumentException("nllLoss: label smoothing applies to crossEntropy only");
        }
        return classLoss("nllLoss", logProbs, target, options, false);
    }

    private static Tensor classLoss(String op, Tensor input, Tensor target, ClassLossOptions o, boolean fromLogits) {
        if (target.dtype() != DType.INT64) {
            throw new DTypeException(op + ": target must hold INT64 class indices, got " + target.dtype()
                    + "; convert with .to(DType.INT64)");
        }
        if (input.rank() == 1) {
            return classLoss(op, input.unsqueeze(0), target.reshape(1), o, fromLogits).reshape();
        }
        int classes = input.size(1);
        int[] expected = new int[input.rank() - 1];
        expected[0] = input.size(0);
        for (int d = 2; d < input.rank(); d++) {
            expected[d - 1] = input.size(d);
        }
        if (!target.shape().equals(dev.dendrite.tensor.Shape.of(expected))) {
            throw new ShapeException(op + ": input " + input.shape() + " (batch, classes, ...) needs a target of shape "
                    + dev.dendrite.tensor.Shape.of(expected) + ", got " + target.shape());
        }
        if (o.weight() != null && (o.weight().rank() != 1 || o.weight().size(0) != classes)) {
            throw new ShapeException(op + ": weight must have shape (" + classes + "), got " + o.weight().shape());
        }
        long[] t = target.toLongArray();
        for (int i = 0; i < t.length; i++) {
            if (t[i] != o.ignoreIndex() && (t[i] < 0 || t[i] >= classes)) {
                throw new ShapeException(op + ": target " + t[i] + " at position " + i + " is out of range for "
                        + classes + " classes (ignoreIndex is " + o.ignoreIndex() + ")");
            }
        }
        // (B, C, d...) -> (N, C)
        int[] perm = new int[input.rank()];
        perm[0] = 0;
        for (int d = 2; d < input.rank(); d++) {
            perm[d - 1] = d;
        }
        perm[input.rank() - 1] = 1;
        Tensor flat = input.permute(perm).reshape(-1, classes);
        long[] safe = new long[t.length];
        double[] valid = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            boolean keep = t[i] != o.ignoreIndex();
            safe[i] = keep ? t[i] : 0;
            valid[i] = keep ? 1 : 0;
        }
        if (fromLogits && o.labelSmoothing() == 0) {
            // The common case as one fused op: per-row weight = class weight of the target (0 where ignored).
            double[] classWeight = o.weight() == null ? null : o.weight().toDoubleArray();
            double[] rowWeight = valid.clone();
            double total = 0;
            for (int i = 0; i < t.length; i++) {
                if (classWeight != null) {
                    rowWeight[i] *= classWeight[(int) safe[i]];
                }
                total += rowWeight[i];
            }
            Tensor rowLoss = dev.dendrite.ops.Softmax.crossEntropy(flat, safe, rowWeight);
            return switch (o.reduction()) {
                case SUM -> rowLoss.sum();
                case MEAN -> rowLoss.sum().div(total);
                case NONE -> rowLoss.reshape(target.dims());
            };
        }
        Tensor logp = fromLogits ? flat.logSoftmax(1) : flat;
        Tensor safeTarget = Tensor.fromArray(safe);
        Tensor mask = Tensor.fromArray(valid).to(input.dtype());
        Tensor w = o.weight() == null ? mask : o.weight().to(input.dtype()).indexSelect(0, safeTarget).mul(mask);
        Tensor picked = logp.gather(1, safeTarget.unsqueeze(1)).squeeze(1); // (N)
        Tensor loss = picked.mul(w).neg();
        if (o.labelSmoothing() > 0) {
            Tensor weighted = o.weight() == null ? logp : logp.mul(o.weight().to(input.dtype()));
            Tensor smooth = weighted.sum(1).neg().mul(mask).div(classes);
            loss = loss.mul(1 - o.labelSmoothing()).add(smooth.mul(o.labelSmoothing()));
        }
        return switch (o.reduction()) {
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(w.sum());
            case NONE -> loss.reshape(target.dims());
        };
    }
}

package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter 2019) as torch.optim.AdamW: Adam with decoupled weight decay, p *= 1 - lr *
 * weightDecay before the Adam step, instead of an L2 term in the gradient; PyTorch's default decay is 0.01.
 */
public final class AdamW extends Adam {
    /** torch.optim.AdamW's defaults: Adam's, with weight decay 0.01. */
    public static final Options DEFAULTS = Options.DEFAULTS.withWeightDecay(0.01);

    public AdamW(List<ParamGroup> groups, Options options) {
        super(groups, options, true);
    }

    /** PyTorch's defaults with learning rate {@code lr}. */
    public AdamW(List<Tensor> params, double lr) {
        this(ParamGroup.all(params), DEFAULTS.withLr(lr));
    }
}

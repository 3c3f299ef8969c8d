// Feature standardisation (x - mean) / std with statistics fitted on training data only, per feature
// (over dim 0). Features with zero spread are left centred but unscaled.
package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

public record Standardize(Tensor mean, Tensor std) {
    public static Standardize fit(Tensor train) {
        Tensor mean = train.mean(new int[] {0}, true);
        Tensor std = train.std(new int[] {0}, 0, true);
        Tensor safe = Tensor.where(std.gt(1e-12), std, Tensor.ones(std.dtype()));
        return new Standardize(mean, safe);
    }

    public Tensor apply(Tensor x) {
        return x.sub(mean).div(std);
    }
}

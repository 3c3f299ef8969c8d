package dev.dendrite.data;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

/**
 * Feature standardisation (x - mean) / std with statistics fitted on training data only, per feature (over dim 0).
 * Features with zero spread are left centred but unscaled. Statistics and the transform are computed in float64, so
 * features near the float32 limit (1e30 and more) neither overflow nor vanish.
 */
public record Standardize(Tensor mean, Tensor std) {
    public static Standardize fit(Tensor train) {
        Tensor wide = train.to(DType.FLOAT64);
        Tensor mean = wide.mean(new int[] {0}, true);
        Tensor std = wide.std(new int[] {0}, 0, true);
        Tensor safe = Tensor.where(std.gt(1e-12), std, Tensor.ones(std.dtype()));
        return new Standardize(mean, safe);
    }

    public Tensor apply(Tensor x) {
        return x.to(DType.FLOAT64).sub(mean).div(std).to(x.dtype());
    }
}

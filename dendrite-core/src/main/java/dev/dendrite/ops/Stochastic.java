package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.DropoutMask;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Ops whose result depends on a seed: inverted dropout as one fused node that stores no mask (kernels.DropoutMask
 * recomputes it from the seed in backward).
 */
public final class Stochastic {
    private Stochastic() {}

    /**
     * Zeroes each element with probability p and scales the rest by 1 / (1 - p); the same seed drops the same
     * elements of a tensor of the same size. p in [0, 1). Shapes: x (*) -&gt; the same.
     */
    public static Tensor dropout(Tensor x, double p, long seed) {
        Checks.floating("dropout", x);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        Tensor out = masked(x.detach(), p, seed);
        return Autograd.record("dropout", out, new Tensor[] {x}, g -> new Tensor[] {masked(g, p, seed)});
    }

    private static Tensor masked(Tensor x, double p, long seed) {
        Tensor c = Convert.dense(x);
        Tensor out = Tensor.empty(x.dtype(), x.dims());
        switch (c.storage()) {
            case Storage.F32 s -> DropoutMask.apply(s.data, c.offset(), ((Storage.F32) out.storage()).data, 0,
                    x.numel(), seed, p);
            case Storage.F64 s -> DropoutMask.apply(s.data, c.offset(), ((Storage.F64) out.storage()).data, 0,
                    x.numel(), seed, p);
            case Storage.I64 s -> throw new IllegalStateException("unreachable");
        }
        return out;
    }
}

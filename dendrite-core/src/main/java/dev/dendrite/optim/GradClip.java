package dev.dendrite.optim;

import dev.dendrite.autograd.Grad;
import dev.dendrite.autograd.SparseGrad;
import dev.dendrite.tensor.DendriteException;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Gradient clipping against exploding gradients (seed 003), with PyTorch's semantics: by the global norm of all
 * gradients together (clip_grad_norm_) or elementwise by value (clip_grad_value_). Row-sparse gradients stay
 * row-sparse: their repeated rows are summed first.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by maxNorm / (total + 1e-6) when their joint 2-norm exceeds maxNorm; returns the norm
     * before clipping. A NaN or infinite norm throws unless {@code errorIfNonfinite} is false.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, boolean errorIfNonfinite) {
        double sumSquares = 0;
        try (var _ = Grad.disabled()) {
            for (Tensor p : params) {
                if (p.sparseGrad() != null) {
                    sumSquares += p.sparseGrad().squaredNorm();
                } else if (p.grad() != null) {
                    Tensor g = p.grad();
                    sumSquares += g.mul(g).sum().item();
                }
            }
            double total = Math.sqrt(sumSquares);
            if (!Double.isFinite(total) && errorIfNonfinite) {
                throw new DendriteException("clipGradNorm: the total norm of the gradients is " + total
                        + "; training has diverged (lower the learning rate) or pass errorIfNonfinite = false");
            }
            double coefficient = maxNorm / (total + 1e-6);
            if (coefficient < 1) {
                for (Tensor p : params) {
                    if (p.sparseGrad() != null) {
                        p.setSparseGrad(p.sparseGrad().times(coefficient));
                    } else if (p.grad() != null) {
                        p.setGrad(p.grad().mul(coefficient));
                    }
                }
            }
            return total;
        }
    }

    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, true);
    }

    /** Clamps every gradient element into [-clip, clip]. */
    public static void clipGradValue(List<Tensor> params, double clip) {
        try (var _ = Grad.disabled()) {
            for (Tensor p : params) {
                if (p.sparseGrad() != null) {
                    SparseGrad rows = p.sparseGrad().coalesce();
                    p.setSparseGrad(new SparseGrad(rows.rows(), rows.indices(),
                            rows.values().clamp(-clip, clip)));
                } else if (p.grad() != null) {
                    p.setGrad(p.grad().clamp(-clip, clip));
                }
            }
        }
    }
}

package dev.dendrite.models;

import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * HAN's attention pooling (Yang et al. 2016, eq. 5-7 and 8-10): u_t = tanh(W h_t + b), weights alpha = softmax over
 * the valid steps of u_t . u (u a learned context vector), and the pooled vector sum_t alpha_t h_t. Shapes: h (N, T,
 * D), valid (N) -> pooled (N, D), weights (N, T) (zero past each row's valid steps).
 */
final class AttentionPooling extends Module {
    /** The pooled vectors and the attention weights that made them. */
    record Pooled(Tensor vectors, Tensor weights) {}

    private final Linear projection;
    private final Tensor context;

    AttentionPooling(int in, int attention, Generator g) {
        this.projection = registerModule("projection", new Linear(in, attention, g));
        this.context = registerParameter("context", Tensor.uniform(g, -1 / Math.sqrt(attention),
                1 / Math.sqrt(attention), dev.dendrite.tensor.DType.FLOAT32, attention));
    }

    Pooled forward(Tensor h, int[] valid) {
        Tensor u = projection.forward(h).tanh(); // (N, T, A)
        Tensor scores = u.matmul(context.unsqueeze(1)); // (N, T, 1)
        Tensor weights = scores.maskedFill(TimePooling.padding(valid, h.size(1), h), Double.NEGATIVE_INFINITY)
                .softmax(1); // (N, T, 1)
        Tensor pooled = weights.transpose(1, 2).matmul(h).squeeze(1); // (N, D)
        return new Pooled(pooled, weights.squeeze(2));
    }
}

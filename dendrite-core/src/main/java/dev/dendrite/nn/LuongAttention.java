package dev.dendrite.nn;

import dev.dendrite.ops.Attention;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Multiplicative attention for RNN encoder-decoders (Luong et al. 2015, "global" attention): score(h_t, h_s) =
 * h_t . h_s (dot) or h_t . W_a h_s (general, with {@code weight} (hidden, hidden)); the weights are the softmax of
 * the scores over the source positions that are not padding, the context their weighted sum of the values. Every
 * decoder step is scored at once (one fused attention op). Shapes: queries (B, T, H), keys (B, S, H), values (B, S,
 * V), padding INT64 (B, S) non-zero at padded keys, or null -&gt; context (B, T, V), weights (B, T, S).
 */
public final class LuongAttention extends Module {
    private final int hidden;
    private final Linear general;

    public LuongAttention(int hidden, boolean general, Generator g) {
        this.hidden = hidden;
        this.general = general ? registerModule("general", new Linear(hidden, hidden, false, g)) : null;
    }

    public Attention.Attended attend(Tensor queries, Tensor keys, Tensor values, Tensor padding) {
        if (queries.rank() != 3 || keys.rank() != 3 || queries.size(2) != hidden || keys.size(2) != hidden) {
            throw new ShapeException(describe() + ": expected queries (B, T, " + hidden + ") and keys (B, S, " + hidden
                    + "), got " + queries.shape() + " and " + keys.shape());
        }
        Tensor k = general == null ? keys : general.forward(keys);
        if (padding != null && padding.rank() != 2) {
            throw new ShapeException(describe() + ": expected a padding mask (B, S), got " + padding.shape());
        }
        Tensor mask = padding == null ? null
                : AttentionMask.additive(padding, queries.dtype()).reshape(padding.size(0), 1, padding.size(1));
        return Attention.attend(queries, k, values, mask, false, 0, null, 1);
    }

    @Override
    public String toString() {
        return "LuongAttention(" + hidden + (general == null ? ", dot" : ", general") + ")";
    }
}

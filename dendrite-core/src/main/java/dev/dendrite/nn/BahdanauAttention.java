package dev.dendrite.nn;

import dev.dendrite.ops.Attention;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Additive attention for RNN encoder-decoders (Bahdanau et al. 2015): score(s, h_j) = v . tanh(W s + U h_j), with
 * the query s the decoder state before the step; the softmax of the scores over the source positions that are not
 * padding weighs the values into the context. U h_j is the same at every step: {@link #projectKeys} computes it
 * once per sentence. Members query (W), key (U, with the bias) and score (v). Shapes: query (B, Q), keys (B, S, K),
 * values (B, S, V), padding INT64 (B, S) non-zero at padded keys, or null -&gt; context (B, V), weights (B, S).
 */
public final class BahdanauAttention extends Module {
    private final int keyDim;
    private final Linear query;
    private final Linear key;
    private final Linear score;

    public BahdanauAttention(int queryDim, int keyDim, int hidden, Generator g) {
        this.keyDim = keyDim;
        this.query = registerModule("query", new Linear(queryDim, hidden, false, g));
        this.key = registerModule("key", new Linear(keyDim, hidden, true, g));
        this.score = registerModule("score", new Linear(hidden, 1, false, g));
    }

    /** U h_j for every source position: (B, S, K) -&gt; (B, S, hidden). */
    public Tensor projectKeys(Tensor keys) {
        if (keys.rank() != 3 || keys.size(2) != keyDim) {
            throw new ShapeException(describe() + ": expected keys (B, S, " + keyDim + "), got " + keys.shape());
        }
        return key.forward(keys);
    }

    /** One decoder step's context and weights, from the keys projected by {@link #projectKeys}. */
    public Attention.Attended attend(Tensor state, Tensor projectedKeys, Tensor values, Tensor padding) {
        Tensor scores = score.forward(projectedKeys.add(query.forward(state).unsqueeze(1)).tanh()).squeeze(2);
        if (padding != null) {
            scores = scores.maskedFill(padding, Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(1);
        Tensor context = weights.unsqueeze(1).matmul(values).squeeze(1);
        return new Attention.Attended(context, weights.detach());
    }

    @Override
    public String toString() {
        return "BahdanauAttention(" + keyDim + " -> " + score.weight().size(1) + ")";
    }
}

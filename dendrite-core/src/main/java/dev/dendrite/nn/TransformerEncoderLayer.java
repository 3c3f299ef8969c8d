package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * One Transformer encoder layer (Vaswani et al. 2017), PyTorch's nn.TransformerEncoderLayer with its member names
 * (self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2): multi-head self-attention and the
 * position-wise feed-forward block, each wrapped in Add &amp; Norm. Post-norm: x = norm1(x + dropout1(attn(x)));
 * x = norm2(x + dropout2(ff(x))); pre-norm adds each block's output to x and normalises the block's input instead.
 * Shapes: src (B, T, dModel) batch-first or (T, B, dModel) -&gt; the same.
 */
public final class TransformerEncoderLayer extends Layer {
    private final int dModel;
    private final TransformerOptions options;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    public TransformerEncoderLayer(int dModel, int heads, TransformerOptions options, Generator g) {
        this.dModel = dModel;
        this.options = options;
        this.selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, heads, options.attention(), g));
        this.linear1 = registerModule("linear1", new Linear(dModel, options.feedforward(), g));
        this.dropout = registerModule("dropout", new Dropout(options.dropout(), g));
        this.linear2 = registerModule("linear2", new Linear(options.feedforward(), dModel, g));
        this.norm1 = registerModule("norm1", norm(dModel, options));
        this.norm2 = registerModule("norm2", norm(dModel, options));
        this.dropout1 = registerModule("dropout1", new Dropout(options.dropout(), g));
        this.dropout2 = registerModule("dropout2", new Dropout(options.dropout(), g));
    }

    static LayerNorm norm(int dModel, TransformerOptions options) {
        return new LayerNorm(new int[] {dModel}, options.layerNormEps(), true);
    }

    /** linear2(dropout(activation(linear1(x)))), the block the encoder and decoder layers share. */
    static Tensor feedForward(Linear linear1, Dropout dropout, Linear linear2, TransformerOptions options, Tensor x) {
        Tensor h = linear1.forward(x);
        h = options.activation() == TransformerOptions.Activation.RELU ? h.relu() : h.gelu();
        return linear2.forward(dropout.forward(h));
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, AttentionMask.NONE);
    }

    /** The layer with the source's self-attention restricted by {@code mask}. */
    public Tensor forward(Tensor src, AttentionMask mask) {
        if (src.rank() != 3 || src.size(2) != dModel) {
            throw new ShapeException(describe() + ": expected src " + (options.batchFirst() ? "(B, T, " : "(T, B, ")
                    + dModel + "), got " + src.shape());
        }
        Tensor x = src;
        if (options.normFirst()) {
            Tensor n = norm1.forward(x);
            x = x.add(dropout1.forward(selfAttn.attend(n, n, n, mask).output()));
            return x.add(dropout2.forward(feedForward(linear1, dropout, linear2, options, norm2.forward(x))));
        }
        x = norm1.forward(x.add(dropout1.forward(selfAttn.attend(x, x, x, mask).output())));
        return norm2.forward(x.add(dropout2.forward(feedForward(linear1, dropout, linear2, options, x))));
    }

    /**
     * The layer as a causal decoder block over new tokens x (B, T, dModel) that also attend to the keys and values
     * cached for {@code layer} (GPT-style generation; evaluation mode, no gradients).
     */
    public Tensor forwardCached(Tensor x, KeyValueCache cache, int layer) {
        if (options.normFirst()) {
            x = x.add(selfAttn.attendCached(norm1.forward(x), cache, layer));
            return x.add(feedForward(linear1, dropout, linear2, options, norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttn.attendCached(x, cache, layer)));
        return norm2.forward(x.add(feedForward(linear1, dropout, linear2, options, x)));
    }

    @Override
    public String toString() {
        return "TransformerEncoderLayer(" + dModel + ", heads=" + selfAttn.heads() + options.describe() + ")";
    }
}

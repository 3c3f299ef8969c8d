package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * One Transformer decoder layer, PyTorch's nn.TransformerDecoderLayer with its member names (self_attn,
 * multihead_attn, linear1, dropout, linear2, norm1..3, dropout1..3): masked self-attention over the target,
 * encoder-decoder attention from the target to the encoder's output (memory), and the feed-forward block, each
 * wrapped in Add &amp; Norm (post-norm as the paper, or pre-norm). Shapes: tgt (B, T, dModel), memory (B, S, dModel)
 * batch-first, or time-first -&gt; tgt's shape.
 */
public final class TransformerDecoderLayer extends Module {
    private final int dModel;
    private final TransformerOptions options;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention crossAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;
    private Tensor lastCrossWeights;

    public TransformerDecoderLayer(int dModel, int heads, TransformerOptions options, Generator g) {
        this.dModel = dModel;
        this.options = options;
        this.selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, heads, options.attention(), g));
        this.crossAttn = registerModule("multihead_attn", new MultiheadAttention(dModel, heads, options.attention(), g));
        this.linear1 = registerModule("linear1", new Linear(dModel, options.feedforward(), g));
        this.dropout = registerModule("dropout", new Dropout(options.dropout(), g));
        this.linear2 = registerModule("linear2", new Linear(options.feedforward(), dModel, g));
        this.norm1 = registerModule("norm1", TransformerEncoderLayer.norm(dModel, options));
        this.norm2 = registerModule("norm2", TransformerEncoderLayer.norm(dModel, options));
        this.norm3 = registerModule("norm3", TransformerEncoderLayer.norm(dModel, options));
        this.dropout1 = registerModule("dropout1", new Dropout(options.dropout(), g));
        this.dropout2 = registerModule("dropout2", new Dropout(options.dropout(), g));
        this.dropout3 = registerModule("dropout3", new Dropout(options.dropout(), g));
    }

    /**
     * The layer for target {@code tgt} attending to itself under {@code tgtMask} (usually causal) and to
     * {@code memory} under {@code memoryMask} (usually the source's key padding).
     */
    public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        for (Tensor t : new Tensor[] {tgt, memory}) {
            if (t.rank() != 3 || t.size(2) != dModel) {
                throw new ShapeException(describe() + ": expected tgt and memory " + (options.batchFirst() ? "(B, T, "
                        : "(T, B, ") + dModel + "), got " + tgt.shape() + " and " + memory.shape());
            }
        }
        Tensor x = tgt;
        if (options.normFirst()) {
            Tensor n = norm1.forward(x);
            x = x.add(dropout1.forward(selfAttn.attend(n, n, n, tgtMask).output()));
            x = x.add(dropout2.forward(cross(norm2.forward(x), memory, memoryMask)));
            return x.add(dropout3.forward(TransformerEncoderLayer.feedForward(linear1, dropout, linear2, options,
                    norm3.forward(x))));
        }
        x = norm1.forward(x.add(dropout1.forward(selfAttn.attend(x, x, x, tgtMask).output())));
        x = norm2.forward(x.add(dropout2.forward(cross(x, memory, memoryMask))));
        return norm3.forward(x.add(dropout3.forward(TransformerEncoderLayer.feedForward(linear1, dropout, linear2,
                options, x))));
    }

    private Tensor cross(Tensor x, Tensor memory, AttentionMask mask) {
        var a = crossAttn.attend(x, memory, memory, mask);
        lastCrossWeights = a.weights();
        return a.output();
    }

    /**
     * The encoder-decoder attention weights of the latest forward, (B, heads, T, S), detached: what each target
     * position looked at, for plots; null before the first forward.
     */
    public Tensor lastCrossAttentionWeights() {
        return lastCrossWeights;
    }

    @Override
    public String toString() {
        return "TransformerDecoderLayer(" + dModel + ", heads=" + selfAttn.heads() + options.describe() + ")";
    }
}

package dev.dendrite.models;

import dev.dendrite.nn.AttentionMask;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.LayerNorm;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.ops.Attention;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * One BERT encoder layer with Hugging Face's module tree, so its parameters carry BERT checkpoints' names:
 * attention.self.{query,key,value}, attention.output.{dense,LayerNorm}, intermediate.dense, output.{dense,LayerNorm}.
 * Post-norm: x = LN(x + dropout(W_o attention(x))); x = LN(x + dropout(W_2 gelu(W_1 x))), the exact (erf) GELU.
 * Shapes: x (B, T, hidden), padding INT64 (B, T) non-zero at padded positions, or null -&gt; (B, T, hidden).
 */
public final class BertLayer extends Module {
    private final Attn attention;
    private final Dense intermediate;
    private final Residual output;

    public BertLayer(Bert.Config c, Generator g) {
        attention = registerModule("attention", new Attn(c, g));
        intermediate = registerModule("intermediate", new Dense(c.hidden(), c.intermediate(), g));
        output = registerModule("output", new Residual(c.intermediate(), c, g));
    }

    public Tensor forward(Tensor x, Tensor padding) {
        Tensor a = attention.forward(x, padding);
        return output.forward(intermediate.dense.forward(a).gelu(), a);
    }

    /** attention: self (the three projections and attention) and output (projection, Add &amp; Norm). */
    private static final class Attn extends Module {
        private final SelfAttention self;
        private final Residual output;

        Attn(Bert.Config c, Generator g) {
            self = registerModule("self", new SelfAttention(c, g));
            output = registerModule("output", new Residual(c.hidden(), c, g));
        }

        Tensor forward(Tensor x, Tensor padding) {
            return output.forward(self.forward(x, padding), x);
        }
    }

    /** query, key and value projections and multi-head scaled dot-product attention with dropout on the weights. */
    private static final class SelfAttention extends Module {
        private final Linear query;
        private final Linear key;
        private final Linear value;
        private final int heads;
        private final double dropout;
        private final Generator generator;

        SelfAttention(Bert.Config c, Generator g) {
            query = registerModule("query", new Linear(c.hidden(), c.hidden(), g));
            key = registerModule("key", new Linear(c.hidden(), c.hidden(), g));
            value = registerModule("value", new Linear(c.hidden(), c.hidden(), g));
            heads = c.heads();
            dropout = c.dropout();
            generator = g;
        }

        Tensor forward(Tensor x, Tensor padding) {
            Tensor mask = padding == null ? null : AttentionMask.additive(padding, x.dtype())
                    .reshape(padding.size(0), 1, 1, padding.size(1));
            double p = isTraining() ? dropout : 0;
            return Attention.multiHead(query.forward(x), key.forward(x), value.forward(x), heads, true, mask, false, p,
                    p > 0 ? generator : null, 1 / Math.sqrt(x.size(2) / (double) heads)).output();
        }
    }

    /** dense, dropout, then LayerNorm of the sum with the block's input (BertSelfOutput and BertOutput). */
    private static final class Residual extends Module {
        private final Linear dense;
        private final LayerNorm layerNorm;
        private final Dropout dropout;

        Residual(int in, Bert.Config c, Generator g) {
            dense = registerModule("dense", new Linear(in, c.hidden(), g));
            layerNorm = registerModule("LayerNorm", new LayerNorm(new int[] {c.hidden()}, c.layerNormEps(), true));
            dropout = registerModule("dropout", new Dropout(c.dropout(), g));
        }

        Tensor forward(Tensor h, Tensor input) {
            return layerNorm.forward(dropout.forward(dense.forward(h)).add(input));
        }
    }

    /** One dense layer under its own name (BertIntermediate's "dense"). */
    static final class Dense extends Module {
        final Linear dense;

        Dense(int in, int out, Generator g) {
            dense = registerModule("dense", new Linear(in, out, g));
        }
    }
}

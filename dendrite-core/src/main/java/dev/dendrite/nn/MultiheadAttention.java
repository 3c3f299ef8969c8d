package dev.dendrite.nn;

import dev.dendrite.ops.Attention;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Multi-head attention (Vaswani et al. 2017), PyTorch's nn.MultiheadAttention with its parameter names and layout:
 * queries, keys and values projected by {@code in_proj_weight} (3E, E) and {@code in_proj_bias} (3E) — or by
 * {@code q_proj_weight}, {@code k_proj_weight} (E, kdim), {@code v_proj_weight} (E, vdim) when the key or value
 * size differs — split into heads of E / heads features, attended by the fused scaled dot-product op, joined and
 * projected by {@code out_proj}. Initialised as PyTorch: Xavier-uniform projections, zero biases.
 *
 * <p>Masks ({@link AttentionMask}) follow PyTorch's key_padding_mask, attn_mask and is_causal. Shapes: query (B, T, E), key (B, S, kdim), value (B, S, vdim) batch-first, or
 * (T, B, E) ... time-first -&gt; output as query; weights (B, heads, T, S).
 */
public final class MultiheadAttention extends Layer {
    private final int embedDim;
    private final int heads;
    private final AttentionOptions options;
    private final Generator generator;
    private final Tensor inProjWeight;
    private final Tensor qProjWeight;
    private final Tensor kProjWeight;
    private final Tensor vProjWeight;
    private final Tensor inProjBias;
    private final Linear outProj;

    public MultiheadAttention(int embedDim, int heads, AttentionOptions options, Generator g) {
        if (embedDim < 1 || heads < 1 || embedDim % heads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: the embedding size must be a positive multiple of"
                    + " the head count, got embedDim " + embedDim + " and " + heads + " heads");
        }
        this.embedDim = embedDim;
        this.heads = heads;
        this.options = options;
        this.generator = g;
        int kdim = keyDim();
        int vdim = valueDim();
        boolean packed = kdim == embedDim && vdim == embedDim;
        if (packed) {
            inProjWeight = registerParameter("in_proj_weight", xavier(3 * embedDim, embedDim, g));
            qProjWeight = null;
            kProjWeight = null;
            vProjWeight = null;
        } else {
            inProjWeight = null;
            qProjWeight = registerParameter("q_proj_weight", xavier(embedDim, embedDim, g));
            kProjWeight = registerParameter("k_proj_weight", xavier(embedDim, kdim, g));
            vProjWeight = registerParameter("v_proj_weight", xavier(embedDim, vdim, g));
        }
        inProjBias = options.bias() ? registerParameter("in_proj_bias", Tensor.zeros(DType.FLOAT32, 3 * embedDim)) : null;
        outProj = registerModule("out_proj", new Linear(embedDim, embedDim, options.bias(), g));
        if (options.bias()) {
            Init.constant(outProj.bias(), 0);
        }
    }

    /** Batch-first attention without dropout, as {@code MultiheadAttention(embedDim, heads, batch_first=True)}. */
    public MultiheadAttention(int embedDim, int heads, Generator g) {
        this(embedDim, heads, AttentionOptions.BATCH_FIRST, g);
    }

    private static Tensor xavier(int rows, int cols, Generator g) {
        return Init.xavierUniform(Tensor.zeros(DType.FLOAT32, rows, cols), 1, g);
    }

    private int keyDim() {
        return options.keyDim() == 0 ? embedDim : options.keyDim();
    }

    private int valueDim() {
        return options.valueDim() == 0 ? embedDim : options.valueDim();
    }

    public int embedDim() {
        return embedDim;
    }

    public int heads() {
        return heads;
    }

    /** Self-attention of x without masks. */
    @Override
    public Tensor forward(Tensor x) {
        return attend(x, x, x, AttentionMask.NONE).output();
    }

    /**
     * Attends query to key and value under {@code mask}. Returns the output and the per-head weights (detached;
     * {@code weights().mean(1)} gives PyTorch's head-averaged weights).
     */
    public Attention.Attended attend(Tensor query, Tensor key, Tensor value, AttentionMask mask) {
        boolean bf = options.batchFirst();
        check("query", query, embedDim);
        check("key", key, keyDim());
        check("value", value, valueDim());
        int batch = query.size(bf ? 0 : 1);
        int t = query.size(bf ? 1 : 0);
        int s = key.size(bf ? 1 : 0);
        if (key.size(bf ? 0 : 1) != batch || !java.util.Arrays.equals(key.dims(), withLast(value.dims(), keyDim()))) {
            throw new ShapeException(describe() + ": key and value must have the query's batch and the same length,"
                    + " got query " + query.shape() + ", key " + key.shape() + ", value " + value.shape());
        }
        Tensor additive = combinedMask(mask.keyPaddingMask(), mask.attnMask(), query.dtype(), batch, t, s);
        double p = isTraining() ? options.dropout() : 0;
        Generator g = p > 0 ? generator : null;
        double scale = 1 / Math.sqrt(embedDim / heads);
        Attention.Attended a;
        if (inProjWeight != null && query == key && key == value) {
            // self-attention: one GEMM for all three projections, and one packed gradient back
            Tensor qkv = F.linear(query, inProjWeight, inProjBias);
            a = Attention.multiHeadPacked(qkv, heads, bf, additive, mask.isCausal(), p, g, scale);
        } else {
            Tensor[] qkv = project(query, key, value);
            a = Attention.multiHead(qkv[0], qkv[1], qkv[2], heads, bf, additive, mask.isCausal(), p, g, scale);
        }
        return new Attention.Attended(outProj.forward(a.output()), a.weights());
    }

    /**
     * Self-attention of new tokens x (B, T, E) that also attend to the keys and values cached for {@code layer},
     * which it extends: token i of x sits at position S + i after the S cached ones and sees positions up to its
     * own. For generation, batch-first, without gradients or dropout.
     */
    public Tensor attendCached(Tensor x, KeyValueCache cache, int layer) {
        if (!options.batchFirst() || inProjWeight == null) {
            throw new IllegalStateException(describe() + ": a cache needs batch-first self-attention with one packed"
                    + " in_proj_weight");
        }
        check("query", x, embedDim);
        int past = cache.length(layer);
        int t = x.size(1);
        Tensor qkv = F.linear(x, inProjWeight, inProjBias);
        Tensor[] kv = cache.append(layer, qkv.narrow(2, embedDim, embedDim), qkv.narrow(2, 2 * embedDim, embedDim));
        Tensor mask = null;
        if (t > 1 && past > 0) {
            mask = Tensor.full(Double.NEGATIVE_INFINITY, x.dtype(), t, past + t).triu(past + 1);
        }
        Attention.Attended a = Attention.multiHead(qkv.narrow(2, 0, embedDim), kv[0], kv[1], heads, true, mask,
                t > 1 && past == 0, 0, null, 1 / Math.sqrt(embedDim / heads));
        return outProj.forward(a.output());
    }

    private void check(String what, Tensor x, int features) {
        if (x.rank() != 3 || x.size(2) != features) {
            String layout = options.batchFirst() ? "(B, T, " : "(T, B, ";
            throw new ShapeException(describe() + ": expected " + what + " " + layout + features + "), got " + x.shape()
                    + (x.rank() == 2 ? "; add the batch dim with unsqueeze" : ""));
        }
    }

    private static int[] withLast(int[] dims, int last) {
        dims[dims.length - 1] = last;
        return dims;
    }

    /**
     * The projected queries, keys and values of cross-attention, (B, L, E) or (L, B, E) each: three GEMMs against
     * rows of in_proj_weight (or the separate weights).
     */
    private Tensor[] project(Tensor query, Tensor key, Tensor value) {
        if (inProjWeight == null) {
            return new Tensor[] {F.linear(query, qProjWeight, biasPart(0)), F.linear(key, kProjWeight, biasPart(1)),
                    F.linear(value, vProjWeight, biasPart(2))};
        }
        Tensor[] inputs = {query, key, value};
        Tensor[] out = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            out[i] = F.linear(inputs[i], inProjWeight.slice(0, i * embedDim, (i + 1) * embedDim, 1), biasPart(i));
        }
        return out;
    }

    /** in_proj_bias's rows for projection i (0 query, 1 key, 2 value), or null without biases. */
    private Tensor biasPart(int i) {
        return inProjBias == null ? null : inProjBias.slice(0, i * embedDim, (i + 1) * embedDim, 1);
    }

    /** The key-padding and attention masks as one additive mask broadcastable to (B, heads, T, S), or null. */
    private Tensor combinedMask(Tensor keyPadding, Tensor attn, DType dtype, int batch, int t, int s) {
        Tensor mask = null;
        if (keyPadding != null) {
            if (keyPadding.rank() != 2 || keyPadding.size(0) != batch || keyPadding.size(1) != s) {
                throw new ShapeException(describe() + ": expected key padding mask (" + batch + ", " + s + ") (batch,"
                        + " keys), got " + keyPadding.shape());
            }
            mask = AttentionMask.additive(keyPadding, dtype).reshape(batch, 1, 1, s);
        }
        if (attn != null) {
            Tensor a;
            if (attn.rank() == 2 && attn.size(0) == t && attn.size(1) == s) {
                a = AttentionMask.additive(attn, dtype);
            } else if (attn.rank() == 3 && attn.size(0) == batch * heads && attn.size(1) == t && attn.size(2) == s) {
                a = AttentionMask.additive(attn, dtype).reshape(batch, heads, t, s);
            } else {
                throw new ShapeException(describe() + ": expected attention mask (" + t + ", " + s + ") or ("
                        + batch * heads + ", " + t + ", " + s + ") (batch * heads, queries, keys), got " + attn.shape());
            }
            mask = mask == null ? a : mask.add(a);
        }
        return mask;
    }

    @Override
    public String toString() {
        return "MultiheadAttention(" + embedDim + ", heads=" + heads + (options.dropout() > 0 ? ", dropout="
                + options.dropout() : "") + (options.bias() ? "" : ", no bias") + (inProjWeight == null ? ", kdim="
                + keyDim() + ", vdim=" + valueDim() : "") + (options.batchFirst() ? ", batch-first" : ", time-first") + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A stack of N encoder layers and an optional final LayerNorm (pre-norm stacks need it), PyTorch's
 * nn.TransformerEncoder with its member names (layers.0 ..., norm). Shapes: src (B, T, dModel) batch-first or
 * (T, B, dModel) -&gt; the same.
 */
public final class TransformerEncoder extends Layer {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    public TransformerEncoder(int dModel, int heads, int count, TransformerOptions options, boolean finalNorm,
                              Generator g) {
        if (count < 1) {
            throw new IllegalArgumentException("TransformerEncoder: at least one layer required, got " + count);
        }
        ModuleList<TransformerEncoderLayer> list = new ModuleList<>();
        for (int i = 0; i < count; i++) {
            list.add(new TransformerEncoderLayer(dModel, heads, options, g));
        }
        this.layers = registerModule("layers", list);
        this.norm = finalNorm ? registerModule("norm", TransformerEncoderLayer.norm(dModel, options)) : null;
    }

    public ModuleList<TransformerEncoderLayer> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, AttentionMask.NONE);
    }

    public Tensor forward(Tensor src, AttentionMask mask) {
        Tensor x = src;
        for (TransformerEncoderLayer layer : layers) {
            x = layer.forward(x, mask);
        }
        return norm == null ? x : norm.forward(x);
    }

    @Override
    public String toString() {
        return "TransformerEncoder(" + layers.size() + " x " + layers.get(0) + (norm == null ? "" : ", final norm") + ")";
    }
}

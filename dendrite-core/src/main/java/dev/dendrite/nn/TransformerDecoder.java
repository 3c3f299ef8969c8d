package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A stack of N decoder layers and an optional final LayerNorm, PyTorch's nn.TransformerDecoder with its member
 * names (layers.0 ..., norm). Shapes: tgt (B, T, dModel), memory (B, S, dModel) batch-first, or time-first -&gt;
 * tgt's shape.
 */
public final class TransformerDecoder extends Module {
    private final ModuleList<TransformerDecoderLayer> layers;
    private final LayerNorm norm;

    public TransformerDecoder(int dModel, int heads, int count, TransformerOptions options, boolean finalNorm,
                              Generator g) {
        if (count < 1) {
            throw new IllegalArgumentException("TransformerDecoder: at least one layer required, got " + count);
        }
        ModuleList<TransformerDecoderLayer> list = new ModuleList<>();
        for (int i = 0; i < count; i++) {
            list.add(new TransformerDecoderLayer(dModel, heads, options, g));
        }
        this.layers = registerModule("layers", list);
        this.norm = finalNorm ? registerModule("norm", TransformerEncoderLayer.norm(dModel, options)) : null;
    }

    public ModuleList<TransformerDecoderLayer> layers() {
        return layers;
    }

    public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        Tensor x = tgt;
        for (TransformerDecoderLayer layer : layers) {
            x = layer.forward(x, memory, tgtMask, memoryMask);
        }
        return norm == null ? x : norm.forward(x);
    }

    @Override
    public String toString() {
        return "TransformerDecoder(" + layers.size() + " x " + layers.get(0) + (norm == null ? "" : ", final norm") + ")";
    }
}

package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The encoder-decoder Transformer of "Attention Is All You Need", PyTorch's nn.Transformer with its member names
 * (encoder.layers.N ..., encoder.norm, decoder.layers.N ..., decoder.norm), so its state dict loads by name; both
 * stacks end in a LayerNorm and every matrix is re-initialised Xavier-uniform, as PyTorch does. Embeddings,
 * positions and the output projection are the caller's (see the translation model). Shapes: src (B, S, dModel)
 * and tgt (B, T, dModel) batch-first, or time-first -&gt; (B, T, dModel).
 */
public final class Transformer extends Module {
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    public Transformer(int dModel, int heads, int encoderLayers, int decoderLayers, TransformerOptions options,
                       Generator g) {
        this.encoder = registerModule("encoder", new TransformerEncoder(dModel, heads, encoderLayers, options, true, g));
        this.decoder = registerModule("decoder", new TransformerDecoder(dModel, heads, decoderLayers, options, true, g));
        for (Tensor p : parameters()) {
            if (p.rank() > 1) {
                Init.xavierUniform(p, 1, g);
            }
        }
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public TransformerDecoder decoder() {
        return decoder;
    }

    /** Encodes src, then decodes tgt against it; tgtMask is usually {@link AttentionMask#causal()}. */
    public Tensor forward(Tensor src, Tensor tgt, AttentionMask srcMask, AttentionMask tgtMask,
                          AttentionMask memoryMask) {
        return decoder.forward(tgt, encoder.forward(src, srcMask), tgtMask, memoryMask);
    }

    /**
     * PyTorch's generate_square_subsequent_mask: a float (n, n) additive mask, -inf above the diagonal, 0 on and
     * below it ({@link AttentionMask#causal()} does the same without a tensor).
     */
    public static Tensor squareSubsequentMask(int n) {
        try (var _ = Grad.disabled()) {
            return Tensor.full(Double.NEGATIVE_INFINITY, DType.FLOAT32, n, n).triu(1);
        }
    }

    @Override
    public String toString() {
        return "Transformer(" + encoder + ", " + decoder + ")";
    }
}

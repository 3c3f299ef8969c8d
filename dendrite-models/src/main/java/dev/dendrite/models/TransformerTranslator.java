package dev.dendrite.models;

import dev.dendrite.nn.AttentionMask;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.SinusoidalPositionalEncoding;
import dev.dendrite.nn.Transformer;
import dev.dendrite.nn.TransformerOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The Transformer of "Attention Is All You Need" as a translation network: token embeddings (N(0, 1/d)) scaled by
 * sqrt(d),
 * sinusoidal positions and dropout on both sides, nn.Transformer's encoder-decoder (post-norm, ReLU; the source's
 * padding masked in the encoder and in the encoder-decoder attention, the target causal), and a linear layer to
 * the target vocabulary. Decoding re-runs the decoder over each hypothesis's prefix against the encoded source.
 * Shapes: source ids (B, S), decoder input ids (B, T) -&gt; logits (B, T, target vocabulary).
 */
public final class TransformerTranslator extends Module implements TranslationNetwork {
    /** Vocabulary sizes, width, heads, layers per stack, feed-forward width and dropout. */
    public record Config(int sourceVocabulary, int targetVocabulary, int dModel, int heads, int layers,
                         int feedforward, double dropout) {}

    private final Config config;
    private final Embedding sourceEmbedding;
    private final Embedding targetEmbedding;
    private final SinusoidalPositionalEncoding positions;
    private final Dropout dropout;
    private final Transformer transformer;
    private final Linear out;

    public TransformerTranslator(Config config, Generator g) {
        this.config = config;
        int d = config.dModel();
        sourceEmbedding = registerModule("source_embedding", embedding(config.sourceVocabulary(), d, g));
        targetEmbedding = registerModule("target_embedding", embedding(config.targetVocabulary(), d, g));
        positions = registerModule("positions", new SinusoidalPositionalEncoding(d, true));
        dropout = registerModule("dropout", new Dropout(config.dropout(), g));
        transformer = registerModule("transformer", new Transformer(d, config.heads(), config.layers(), config.layers(),
                TransformerOptions.BATCH_FIRST.withFeedforward(config.feedforward()).withDropout(config.dropout()), g));
        out = registerModule("out", new Linear(d, config.targetVocabulary(), g));
    }

    /** N(0, 1/d) rows (unit scale once multiplied by sqrt(d)), the padding row zero. */
    private static Embedding embedding(int count, int d, Generator g) {
        Embedding e = new Embedding(count, d, TranslationData.PAD_ID, 0, true, g);
        dev.dendrite.nn.Init.normal(e.weight(), 0, 1 / Math.sqrt(d), g);
        dev.dendrite.nn.Init.constant(e.weight().narrow(0, TranslationData.PAD_ID, 1), 0);
        return e;
    }

    @Override
    public Module module() {
        return this;
    }

    private Tensor embed(Embedding embedding, Tensor ids) {
        return dropout.forward(positions.forward(embedding.forward(ids).mul(Math.sqrt(config.dModel()))));
    }

    @Override
    public Tensor logits(TranslationData.Batch batch) {
        AttentionMask source = AttentionMask.keyPadding(batch.padding());
        Tensor memory = transformer.encoder().forward(embed(sourceEmbedding, batch.source()), source);
        Tensor h = transformer.decoder().forward(embed(targetEmbedding, batch.decoderInput()), memory,
                AttentionMask.causal(), source);
        return out.forward(h);
    }

    @Override
    public Decoding decoding(long[] source) {
        Tensor memory = transformer.encoder().forward(embed(sourceEmbedding, Tensor.fromArray(source, 1, source.length)));
        return new Decoding() {
            @Override
            public Object start() {
                return new long[0];
            }

            @Override
            public Step step(List<Object> states, long[] lastTokens) {
                int k = states.size();
                int length = ((long[]) states.getFirst()).length + 1;
                long[] ids = new long[k * length];
                List<Object> next = new ArrayList<>();
                for (int r = 0; r < k; r++) {
                    long[] prefix = java.util.Arrays.copyOf((long[]) states.get(r), length);
                    prefix[length - 1] = lastTokens[r];
                    System.arraycopy(prefix, 0, ids, r * length, length);
                    next.add(prefix);
                }
                Tensor h = transformer.decoder().forward(embed(targetEmbedding, Tensor.fromArray(ids, k, length)),
                        memory.expand(k, -1, -1), AttentionMask.causal(), AttentionMask.NONE);
                Tensor logProbs = out.forward(h.select(1, length - 1)).logSoftmax(1);
                Tensor weights = transformer.decoder().layers().get(config.layers() - 1).lastCrossAttentionWeights()
                        .mean(new int[] {1}, false).select(1, length - 1); // (K, S), heads averaged
                double[][] lp = new double[k][];
                double[][] attention = new double[k][];
                for (int r = 0; r < k; r++) {
                    lp[r] = logProbs.select(0, r).toDoubleArray();
                    attention[r] = weights.select(0, r).toDoubleArray();
                }
                return new Step(lp, next, attention);
            }
        };
    }

    public Config config() {
        return config;
    }

    @Override
    public String toString() {
        return "TransformerTranslator(" + config + ")";
    }
}

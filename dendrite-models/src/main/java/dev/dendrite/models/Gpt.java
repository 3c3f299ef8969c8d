package dev.dendrite.models;

import dev.dendrite.nn.AttentionMask;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.KeyValueCache;
import dev.dendrite.nn.LayerNorm;
import dev.dendrite.nn.LearnedPositionalEmbedding;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ModuleList;
import dev.dendrite.nn.TransformerEncoderLayer;
import dev.dendrite.nn.TransformerOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * A GPT-style decoder-only language model (Radford et al. 2018/2019): token embedding (wte) plus learned positions
 * (wpe), dropout, N pre-norm Transformer blocks with causal self-attention and a GELU feed-forward block (h.0 ...),
 * a final LayerNorm (ln_f), and logits from the token embedding itself (tied weights). Every matrix starts from
 * N(0, 0.02^2) as GPT-2. Generation keeps a key-value cache, so each new token attends to the cached keys instead
 * of re-running the prefix. Shapes: ids INT64 (B, T) with T &lt;= blockSize -&gt; logits (B, T, vocabulary).
 */
public final class Gpt extends Module {
    /** Vocabulary, context length, width, heads, blocks, feed-forward width and dropout. */
    public record Config(int vocabulary, int blockSize, int dModel, int heads, int layers, int feedforward,
                         double dropout) {
        public Config {
            if (vocabulary < 1 || blockSize < 1 || layers < 1 || feedforward < 1 || heads < 1 || dModel % heads != 0) {
                throw new IllegalArgumentException("gpt: sizes must be >= 1 and the width a multiple of the heads, got"
                        + " vocabulary " + vocabulary + ", block " + blockSize + ", width " + dModel + ", heads "
                        + heads + ", layers " + layers + ", feed-forward " + feedforward);
            }
        }
    }

    private final Config config;
    private final Embedding wte;
    private final LearnedPositionalEmbedding wpe;
    private final Dropout drop;
    private final ModuleList<TransformerEncoderLayer> h;
    private final LayerNorm lnF;

    public Gpt(Config config, Generator g) {
        this.config = config;
        TransformerOptions block = TransformerOptions.BATCH_FIRST.withFeedforward(config.feedforward())
                .withDropout(config.dropout()).withActivation(TransformerOptions.Activation.GELU).withNormFirst(true);
        wte = registerModule("wte", new Embedding(config.vocabulary(), config.dModel(), g));
        wpe = registerModule("wpe", new LearnedPositionalEmbedding(config.blockSize(), config.dModel(), g));
        drop = registerModule("drop", new Dropout(config.dropout(), g));
        ModuleList<TransformerEncoderLayer> blocks = new ModuleList<>();
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new TransformerEncoderLayer(config.dModel(), config.heads(), block, g));
        }
        h = registerModule("h", blocks);
        lnF = registerModule("ln_f", new LayerNorm(config.dModel()));
        namedParameters().forEach((name, p) -> {
            if (p.rank() == 2) {
                Init.normal(p, 0, 0.02, g);
            } else if (!name.contains("norm") && !name.startsWith("ln_f")) {
                Init.constant(p, 0);
            }
        });
    }

    public Config config() {
        return config;
    }

    /** Next-token logits at every position, each seeing only the positions up to its own. */
    public Tensor forward(Tensor ids) {
        if (ids.rank() != 2 || ids.size(1) > config.blockSize()) {
            throw new ShapeException("gpt: expected ids (B, T) with T <= " + config.blockSize() + ", got " + ids.shape());
        }
        Tensor x = drop.forward(wpe.forward(wte.forward(ids)));
        for (TransformerEncoderLayer block : h) {
            x = block.forward(x, AttentionMask.causal());
        }
        return logits(x);
    }

    private Tensor logits(Tensor x) {
        return dev.dendrite.nn.F.linear(lnF.forward(x), wte.weight(), null);
    }

    /**
     * Reads {@code prompt}, then samples {@code length} more ids from softmax(logits / temperature) restricted to the
     * {@code topK} most likely (0: all; temperature 0: the most likely). With {@code cache} each step runs one
     * token through the blocks against the cached keys and values (rebuilt from the last half block when the
     * context fills); without, each step re-runs the last blockSize tokens. Evaluation mode, no graph.
     */
    public long[] generate(long[] prompt, int length, double temperature, int topK, Generator g, boolean cache) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("generate: the prompt must hold at least one token");
        }
        long[] all = java.util.Arrays.copyOf(prompt, prompt.length + length);
        try (var _ = evaluating()) {
            KeyValueCache kv = null;
            int cachedUpTo = 0; // all[0 .. cachedUpTo) are in kv, counted from kvStart
            int kvStart = 0;
            for (int n = prompt.length; n < all.length; n++) {
                Tensor last;
                if (!cache) {
                    int from = Math.max(0, n - config.blockSize());
                    Tensor logits = forward(Tensor.fromArray(java.util.Arrays.copyOfRange(all, from, n), 1, n - from));
                    last = logits.select(1, n - from - 1);
                } else {
                    if (kv == null || n - kvStart > config.blockSize()) {
                        kvStart = Math.max(0, n - Math.max(1, config.blockSize() / 2));
                        kv = new KeyValueCache(config.layers());
                        cachedUpTo = kvStart;
                    }
                    last = step(java.util.Arrays.copyOfRange(all, cachedUpTo, n), cachedUpTo - kvStart, kv);
                    cachedUpTo = n;
                }
                all[n] = CharLstm.sample(last.reshape(-1).toDoubleArray(), temperature, topK, g);
            }
        }
        return java.util.Arrays.copyOfRange(all, prompt.length, all.length);
    }

    /** Runs new tokens at positions start.. through the blocks with the cache; the last token's logits. */
    private Tensor step(long[] ids, int start, KeyValueCache kv) {
        Tensor x = wpe.forward(wte.forward(Tensor.fromArray(ids, 1, ids.length)), start);
        for (int i = 0; i < h.size(); i++) {
            x = h.get(i).forwardCached(x, kv, i);
        }
        return logits(x.narrow(1, ids.length - 1, 1));
    }

    @Override
    public String toString() {
        return "Gpt(" + config + ")";
    }
}

package dev.dendrite.models;

import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.LayerNorm;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ModuleList;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * BERT's encoder (Devlin et al. 2019) with Hugging Face's module names (embeddings.word_embeddings,
 * embeddings.position_embeddings, embeddings.token_type_embeddings, embeddings.LayerNorm, encoder.layer.N ...,
 * pooler.dense), so a BERT checkpoint's "bert." tensors load by name: the sum of token, learned position and segment
 * embeddings, LayerNorm and dropout, then N post-norm {@link BertLayer}s; the pooler is tanh(W h_[CLS] + b).
 * Initialised as BERT: N(0, 0.02^2) weights, zero biases, unit LayerNorms, a zero [PAD] (id 0) row. Shapes: ids and segments INT64 (B, T),
 * padding INT64 (B, T) non-zero at padded positions, or null -&gt; (B, T, hidden); pooled (B, hidden).
 */
public final class Bert extends Module {
    /** The sizes: vocabulary, hidden width, layers, heads, feed-forward width, positions, segments; dropout, eps. */
    public record Config(int vocabulary, int hidden, int layers, int heads, int intermediate, int maxPositions,
                         int typeVocabulary, double dropout, double layerNormEps) {
        public Config {
            if (vocabulary < 1 || hidden < 1 || layers < 1 || heads < 1 || hidden % heads != 0 || intermediate < 1
                    || maxPositions < 1 || typeVocabulary < 1 || !(dropout >= 0 && dropout < 1) || !(layerNormEps > 0)) {
                throw new IllegalArgumentException("bert: sizes must be >= 1, hidden a multiple of heads, dropout in"
                        + " [0, 1) and eps > 0; got " + this);
            }
        }

        /** A published shape (Turc et al. 2019): L layers, H hidden, H / 64 heads, 4H feed-forward. */
        public static Config of(int vocabulary, int layers, int hidden) {
            return new Config(vocabulary, hidden, layers, Math.max(1, hidden / 64), 4 * hidden, 512, 2, 0.1, 1e-12);
        }
    }

    private final Config config;
    private final Embeddings embeddings;
    private final Encoder encoder;
    private final BertLayer.Dense pooler;

    public Bert(Config config, Generator g) {
        this.config = config;
        embeddings = registerModule("embeddings", new Embeddings(config, g));
        encoder = registerModule("encoder", new Encoder(config, g));
        pooler = registerModule("pooler", new BertLayer.Dense(config.hidden(), config.hidden(), g));
        initialise(this, g);
        Init.constant(wordEmbeddings().narrow(0, 0, 1), 0); // the [PAD] row, as BERT's initialisation leaves it
    }

    /** BERT's initialisation of a module tree: N(0, 0.02^2) matrices, zero biases, LayerNorms at (1, 0). */
    static void initialise(Module m, Generator g) {
        m.namedParameters().forEach((name, p) -> {
            if (name.endsWith("LayerNorm.weight")) {
                Init.constant(p, 1);
            } else if (p.rank() == 2) {
                Init.normal(p, 0, 0.02, g);
            } else {
                Init.constant(p, 0);
            }
        });
    }

    public Config config() {
        return config;
    }

    /** The token embedding table (vocabulary, hidden), which the MLM decoder shares. */
    public Tensor wordEmbeddings() {
        return embeddings.words.weight();
    }

    public Tensor forward(Tensor ids, Tensor segments, Tensor padding) {
        if (ids.rank() != 2 || ids.size(1) > config.maxPositions()) {
            throw new ShapeException("bert: expected ids (B, T) with T <= " + config.maxPositions() + " positions, got "
                    + ids.shape() + "; cut the text or build the model with more positions");
        }
        for (Tensor t : new Tensor[] {segments, padding}) {
            if (t != null && !t.shape().equals(ids.shape())) {
                throw new ShapeException("bert: segments and padding must have the ids' shape " + ids.shape() + ", got "
                        + t.shape());
            }
        }
        Tensor x = embeddings.forward(ids, segments);
        for (BertLayer layer : encoder.layer) {
            x = layer.forward(x, padding);
        }
        return x;
    }

    /** tanh(W h_[CLS] + b): the sentence representation the NSP and classification heads read. */
    public Tensor pooled(Tensor sequence) {
        return pooler.dense.forward(sequence.select(1, 0)).tanh();
    }

    private static final class Embeddings extends Module {
        final Embedding words;
        final Embedding positions;
        final Embedding types;
        final LayerNorm layerNorm;
        final Dropout dropout;

        Embeddings(Config c, Generator g) {
            words = registerModule("word_embeddings", new Embedding(c.vocabulary(), c.hidden(), 0, 0, g));
            positions = registerModule("position_embeddings", new Embedding(c.maxPositions(), c.hidden(), g));
            types = registerModule("token_type_embeddings", new Embedding(c.typeVocabulary(), c.hidden(), g));
            layerNorm = registerModule("LayerNorm", new LayerNorm(new int[] {c.hidden()}, c.layerNormEps(), true));
            dropout = registerModule("dropout", new Dropout(c.dropout(), g));
        }

        Tensor forward(Tensor ids, Tensor segments) {
            int t = ids.size(1);
            Tensor pos = Tensor.arange(0, t, 1, DType.INT64);
            Tensor seg = segments == null ? Tensor.zeros(DType.INT64, ids.dims()) : segments;
            Tensor x = words.forward(ids).add(positions.forward(pos)).add(types.forward(seg));
            return dropout.forward(layerNorm.forward(x));
        }
    }

    private static final class Encoder extends Module {
        final ModuleList<BertLayer> layer;

        Encoder(Config c, Generator g) {
            ModuleList<BertLayer> list = new ModuleList<>();
            for (int i = 0; i < c.layers(); i++) list.add(new BertLayer(c, g));
            layer = registerModule("layer", list);
        }
    }

    @Override
    public String toString() {
        return "Bert(" + config + ")";
    }
}

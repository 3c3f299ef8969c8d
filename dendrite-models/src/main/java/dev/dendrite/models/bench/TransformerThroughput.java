package dev.dendrite.models.bench;

import dev.dendrite.models.Gpt;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.F;
import dev.dendrite.nn.LearnedPositionalEmbedding;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.TransformerEncoder;
import dev.dendrite.nn.TransformerOptions;
import dev.dendrite.ops.Attention;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The Transformer figures of `dendrite bench transformer` and transformer-side-by-side.sh: training tokens/s of a
 * small encoder classifier (token embedding, vocabulary 1000, plus learned positions; 2 post-norm encoder layers of
 * d 128, 4 heads, feed-forward 512, ReLU, dropout 0.1; mean over the sequence; linear to 10 classes; cross-entropy
 * and Adam; batch 32 x 64 random tokens), the fused attention's forward + backward time (batch 8, 8 heads of
 * 64 features), and gpt's generation speed with and without its key-value cache.
 */
public final class TransformerThroughput {
    public static final int VOCABULARY = 1000;
    public static final int BATCH = 32;
    public static final int LENGTH = 64;
    public static final int ATTENTION_BATCH = 8;
    public static final int ATTENTION_HEADS = 8;
    public static final int HEAD_DIM = 64;

    private TransformerThroughput() {}

    /** The benchmark's classifier: embeddings, positions, the encoder stack, mean pooling, a linear head. */
    private static final class EncoderClassifier extends Module {
        final Embedding embedding;
        final LearnedPositionalEmbedding positions;
        final TransformerEncoder encoder;
        final Linear head;

        EncoderClassifier(Generator g) {
            embedding = registerModule("embedding", new Embedding(VOCABULARY, 128, g));
            positions = registerModule("positions", new LearnedPositionalEmbedding(LENGTH, 128, g));
            encoder = registerModule("encoder", new TransformerEncoder(128, 4, 2,
                    TransformerOptions.BATCH_FIRST.withFeedforward(512), false, g));
            head = registerModule("head", new Linear(128, 10, g));
        }

        Tensor forward(Tensor ids) {
            Tensor x = encoder.forward(positions.forward(embedding.forward(ids)));
            return head.forward(x.mean(new int[] {1}, false));
        }
    }

    /** Tokens/s of the encoder classifier's training step. */
    public static Throughput.Speed training(double seconds) {
        Generator g = new Generator(0);
        EncoderClassifier model = new EncoderClassifier(g);
        Adam opt = new Adam(model.parameters(), 1e-3);
        Tensor ids = Tensor.uniform(g, 0, VOCABULARY, DType.FLOAT64, BATCH, LENGTH).to(DType.INT64);
        Tensor labels = Tensor.uniform(g, 0, 10, DType.FLOAT64, BATCH).to(DType.INT64);
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(ids), labels).backward();
            opt.step();
        }, 3, seconds);
        return new Throughput.Speed(BATCH * LENGTH / step, step, Double.NaN);
    }

    /**
     * Tokens/s of generating 256 characters with the gpt kind's default network (context 128, width 192, 6 heads, 4
     * blocks; vocabulary 65, untrained), with or without its key-value cache.
     */
    public static double generation(boolean cache, double seconds) {
        Gpt gpt = new Gpt(new Gpt.Config(65, 128, 192, 6, 4, 768, 0.1), new Generator(0));
        long[] prompt = {1};
        return GENERATED / Timing.medianSeconds(() -> gpt.generate(prompt, GENERATED, 1, 0, new Generator(1), cache),
                2, seconds);
    }

    /** Tokens each generation benchmark produces. */
    public static final int GENERATED = 256;

    /** Seconds of one fused attention forward + backward over (8, 8, length, 64) queries, keys and values. */
    public static double attention(int length, boolean causal, double seconds) {
        Generator g = new Generator(0);
        int[] dims = {ATTENTION_BATCH, ATTENTION_HEADS, length, HEAD_DIM};
        Tensor q = Tensor.randn(g, dims).requiresGrad(true);
        Tensor k = Tensor.randn(g, dims).requiresGrad(true);
        Tensor v = Tensor.randn(g, dims).requiresGrad(true);
        Tensor cot = Tensor.randn(g, dims);
        return Timing.medianSeconds(() -> {
            q.zeroGrad();
            k.zeroGrad();
            v.zeroGrad();
            Attention.scaledDotProduct(q, k, v, null, causal, 0, null).backward(cot);
        }, 2, seconds);
    }
}

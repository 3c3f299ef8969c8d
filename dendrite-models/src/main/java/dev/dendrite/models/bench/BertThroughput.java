package dev.dendrite.models.bench;

import dev.dendrite.data.BertPretrainingData;
import dev.dendrite.models.Bert;
import dev.dendrite.models.BertForPreTraining;
import dev.dendrite.optim.AdamW;
import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The BERT figure of `dendrite bench bert` and step-side-by-side.sh bert: training tokens/s of one pretraining step of
 * BERT L2/H128 (2 heads, feed-forward 512, dropout 0.1, vocabulary 8000, 128 positions) on a batch of 32 x 128
 * random tokens, sentence A the first half, no padding, the positions whose flat index is 0, 1 or 2 modulo 20
 * (15 %) masked and predicted (the MLM head on those rows only), random NSP labels; the sum of both cross-entropies,
 * gradients clipped at norm 1, AdamW (lr 1e-4, weight decay 0.01 but on biases and LayerNorms).
 */
public final class BertThroughput {
    public static final int VOCABULARY = 8000;
    public static final int LAYERS = 2;
    public static final int HIDDEN = 128;
    public static final int BATCH = 32;
    public static final int LENGTH = 128;

    private BertThroughput() {}

    /** Tokens/s of the pretraining step. */
    public static Throughput.Speed pretraining(double seconds) {
        Generator g = new Generator(0);
        Bert.Config shape = Bert.Config.of(VOCABULARY, LAYERS, HIDDEN);
        BertForPreTraining model = new BertForPreTraining(new Bert.Config(VOCABULARY, HIDDEN, LAYERS, shape.heads(),
                shape.intermediate(), LENGTH, 2, 0.1, 1e-12), g);
        AdamW opt = new AdamW(ParamGroup.noDecayOnBiasesAndNorms(model.namedParameters()), AdamW.DEFAULTS.withLr(1e-4));
        BertPretrainingData.Batch batch = batch(g);
        model.train();
        double step = Timing.medianSeconds(() -> {
            opt.zeroGrad();
            BertForPreTraining.Heads heads = model.heads(batch);
            heads.mlmLoss().add(heads.nspLoss()).backward();
            GradClip.clipGradNorm(model.parameters(), 1.0);
            opt.step();
        }, 3, seconds);
        return new Throughput.Speed(BATCH * LENGTH / step, step, Double.NaN);
    }

    private static BertPretrainingData.Batch batch(Generator g) {
        int n = BATCH * LENGTH;
        long[] ids = new long[n];
        long[] segments = new long[n];
        long[] labels = new long[n];
        long[] next = new long[BATCH];
        for (int i = 0; i < n; i++) {
            ids[i] = 5 + g.nextInt(VOCABULARY - 5);
            segments[i] = i % LENGTH < LENGTH / 2 ? 0 : 1;
            labels[i] = i % 20 < 3 ? ids[i] : BertPretrainingData.IGNORE;
            if (i % 20 < 3) ids[i] = 4; // [MASK]
        }
        for (int r = 0; r < BATCH; r++) next[r] = g.nextInt(2);
        return new BertPretrainingData.Batch(Tensor.fromArray(ids, BATCH, LENGTH), Tensor.fromArray(segments, BATCH,
                LENGTH), Tensor.zeros(DType.INT64, BATCH, LENGTH), Tensor.fromArray(labels, BATCH,
                LENGTH), Tensor.fromArray(next, BATCH));
    }
}

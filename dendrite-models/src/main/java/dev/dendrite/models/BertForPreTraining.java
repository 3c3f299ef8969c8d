package dev.dendrite.models;

import dev.dendrite.data.BertPretrainingData;
import dev.dendrite.nn.F;
import dev.dendrite.nn.LayerNorm;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * BERT with its two pretraining heads, Hugging Face's BertForPreTraining layout ("bert." the encoder, "cls." the
 * heads), so a pretrained checkpoint loads by name: the masked-language-model head (cls.predictions: transform =
 * LayerNorm(gelu(dense h)), then the decoder, whose weight is the token embedding table itself, plus
 * cls.predictions.bias) and the next-sentence head (cls.seq_relationship, linear on the pooled [CLS]). Shapes: ids,
 * segments, padding INT64 (B, T) -&gt; MLM logits (B, T, vocabulary) and NSP logits (B, 2).
 */
public final class BertForPreTraining extends Module {
    /** The two heads' logits. */
    public record Output(Tensor mlmLogits, Tensor nspLogits) {}

    /**
     * The heads on a masked pretraining batch: MLM logits (rows, vocabulary) at its labelled positions only, with
     * those positions' labels, and NSP logits (B, 2) with the batch's labels.
     */
    public record Heads(Tensor mlmLogits, Tensor mlmTargets, Tensor nspLogits, Tensor nspTargets) {
        public Tensor mlmLoss() {
            return F.crossEntropy(mlmLogits, mlmTargets);
        }

        public Tensor nspLoss() {
            return F.crossEntropy(nspLogits, nspTargets);
        }
    }

    private final Bert bert;
    private final Cls cls;

    public BertForPreTraining(Bert.Config config, Generator g) {
        bert = registerModule("bert", new Bert(config, g));
        cls = registerModule("cls", new Cls(config, g));
        Bert.initialise(cls, g);
    }

    public Bert bert() {
        return bert;
    }

    public Output forward(Tensor ids, Tensor segments, Tensor padding) {
        Tensor h = bert.forward(ids, segments, padding);
        return new Output(mlm(h), nsp(h));
    }

    /** The heads on a batch, the MLM head run on the labelled positions' rows alone (15 % of the work of all). */
    public Heads heads(BertPretrainingData.Batch batch) {
        Tensor h = bert.forward(batch.ids(), batch.segments(), batch.padding());
        Tensor labels = batch.mlmLabels().reshape(-1);
        long[] all = labels.toLongArray();
        long[] rows = java.util.stream.IntStream.range(0, all.length)
                .filter(i -> all[i] != BertPretrainingData.IGNORE).asLongStream().toArray();
        Tensor index = Tensor.fromArray(rows, rows.length);
        Tensor picked = h.reshape(-1, h.size(2)).indexSelect(0, index);
        return new Heads(mlm(picked), labels.indexSelect(0, index), nsp(h), batch.nspLabels());
    }

    /** The NSP logits (B, 2) of a sequence output (B, T, hidden): index 0 IsNext, 1 NotNext. */
    public Tensor nsp(Tensor sequence) {
        return cls.seqRelationship.forward(bert.pooled(sequence));
    }

    /** The MLM logits of hidden states (..., hidden), e.g. only at the masked positions. */
    public Tensor mlm(Tensor hidden) {
        Tensor t = cls.predictions.transform.layerNorm.forward(cls.predictions.transform.dense.forward(hidden).gelu());
        return F.linear(t, bert.wordEmbeddings(), cls.predictions.bias);
    }

    private static final class Cls extends Module {
        final Predictions predictions;
        final Linear seqRelationship;

        Cls(Bert.Config c, Generator g) {
            predictions = registerModule("predictions", new Predictions(c, g));
            seqRelationship = registerModule("seq_relationship", new Linear(c.hidden(), 2, g));
        }
    }

    private static final class Predictions extends Module {
        final Transform transform;
        final Tensor bias;

        Predictions(Bert.Config c, Generator g) {
            transform = registerModule("transform", new Transform(c, g));
            bias = registerParameter("bias", Tensor.zeros(DType.FLOAT32, c.vocabulary()));
        }
    }

    private static final class Transform extends Module {
        final Linear dense;
        final LayerNorm layerNorm;

        Transform(Bert.Config c, Generator g) {
            dense = registerModule("dense", new Linear(c.hidden(), c.hidden(), g));
            layerNorm = registerModule("LayerNorm", new LayerNorm(new int[] {c.hidden()}, c.layerNormEps(), true));
        }
    }
}

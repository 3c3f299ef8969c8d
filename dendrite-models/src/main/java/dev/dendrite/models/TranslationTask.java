package dev.dendrite.models;

import dev.dendrite.data.Bleu;
import dev.dendrite.data.Sequences;
import dev.dendrite.io.TrainingState;
import dev.dendrite.nn.ClassLossOptions;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Metrics;
import dev.dendrite.train.Objective;
import dev.dendrite.train.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translation as a training task: pairs batched by source length (the batch order seeded by the run's seed and the
 * epoch), teacher forcing, cross-entropy with label smoothing over the real target positions. The evaluation
 * reports the held-out loss and the corpus BLEU of greedy translations of the first {@code bleuSentences} held-out
 * sentences against their references; the best epoch is the one with the highest BLEU.
 */
public final class TranslationTask implements Task {
    /** Encoded pairs of one split, and the raw references for BLEU. */
    public record Split(List<long[]> sources, List<long[]> targets, List<String> references) {}

    private final TranslationNetwork network;
    private final Optimizer optimizer;
    private final Generator generator;
    private final TranslationData.Vocabularies vocabularies;
    private final Split train;
    private final Split validation;
    private final int batchSize;
    private final long seed;
    private final ClassLossOptions loss;
    private final int maxLength;
    private final int bleuSentences;

    public TranslationTask(TranslationNetwork network, Optimizer optimizer, Generator generator,
                           TranslationData.Vocabularies vocabularies, Split train, Split validation, int batchSize,
                           long seed, double labelSmoothing, int maxLength, int bleuSentences) {
        this.network = network;
        this.optimizer = optimizer;
        this.generator = generator;
        this.vocabularies = vocabularies;
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.seed = seed;
        this.loss = ClassLossOptions.DEFAULTS.withIgnoreIndex(TranslationData.PAD_ID).withLabelSmoothing(labelSmoothing);
        this.maxLength = maxLength;
        this.bleuSentences = bleuSentences;
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(network.module(), optimizer, generator);
    }

    private static int[] lengths(Split split) {
        return split.sources().stream().mapToInt(s -> s.length).toArray();
    }

    @Override
    public int batchesPerEpoch() {
        return (train.sources().size() + batchSize - 1) / batchSize;
    }

    @Override
    public String items() {
        return "sentences";
    }

    @Override
    public Epoch epoch(int epoch) {
        network.module().train();
        List<int[]> order = Sequences.byLength(lengths(train), batchSize, seed, epoch);
        return (b, optimization) -> {
            TranslationData.Batch batch = batch(train, order.get(b));
            Tensor l = lossOf(batch);
            optimization.minimize("optimizer", l);
            return Metrics.loss(batch.source().size(0), l.item());
        };
    }

    private Tensor lossOf(TranslationData.Batch batch) {
        Tensor logits = network.logits(batch);
        return F.crossEntropy(logits.reshape(-1, logits.size(2)), batch.target().reshape(-1), loss);
    }

    private static TranslationData.Batch batch(Split split, int[] rows) {
        List<long[]> s = new ArrayList<>();
        List<long[]> t = new ArrayList<>();
        for (int r : rows) {
            s.add(split.sources().get(r));
            t.add(split.targets().get(r));
        }
        return TranslationData.batch(s, t);
    }

    @Override
    public Map<String, Double> evaluate() {
        double sum = 0;
        int count = 0;
        List<String> hypotheses = new ArrayList<>();
        try (var _ = network.module().evaluating()) {
            for (int[] rows : Sequences.byLength(lengths(validation), batchSize, 0, 0)) {
                sum += lossOf(batch(validation, rows)).item() * rows.length;
                count += rows.length;
            }
            int n = Math.min(bleuSentences, validation.sources().size());
            for (int i = 0; i < n; i++) {
                BeamSearch.Result r = BeamSearch.search(network.decoding(validation.sources().get(i)), 1, maxLength, 0);
                hypotheses.add(TranslationData.decode(vocabularies.target(), r.tokens()));
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("val_loss", sum / count);
        out.put("val_bleu", Bleu.corpus(hypotheses, validation.references().subList(0, hypotheses.size())).score());
        return out;
    }

    @Override
    public Objective best() {
        return new Objective("val_bleu", false);
    }
}

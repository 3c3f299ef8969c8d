package dev.dendrite.models;

import dev.dendrite.data.BertPretrainingData;
import dev.dendrite.data.Splits;
import dev.dendrite.data.WordPiece;
import dev.dendrite.io.TrainingState;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.DType;
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
 * BERT pretraining as a training task: batches of sentence pairs in an order seeded by the run's seed and the
 * pass over them, masked afresh for every batch (dynamic masking), the loss the sum of the masked-language
 * cross-entropy (over the selected positions only: the MLM head runs on those rows) and the next-sentence
 * cross-entropy. The evaluation masks the held-out pairs with one fixed seed and reports both losses and
 * accuracies; the best epoch is the one with the highest MLM accuracy. An epoch is {@code epochPairs} pairs of the
 * endless stream of passes (each pass a fresh permutation), or one pass when that is 0: on a large corpus shorter
 * epochs give evaluations, curves and checkpoints more often than once a pass.
 */
public final class BertPretrainingTask implements Task {
    private final BertForPreTraining model;
    private final Optimizer optimizer;
    private final Generator generator;
    private final WordPiece vocab;
    private final List<BertPretrainingData.Example> train;
    private final List<BertPretrainingData.Example> heldOut;
    private final int batchSize;
    private final long seed;
    private final double maskProbability;
    private final int epochPairs;
    private int orderPass = -1;
    private int[] order;

    public BertPretrainingTask(BertForPreTraining model, Optimizer optimizer, Generator generator, WordPiece vocab,
                               List<BertPretrainingData.Example> train, List<BertPretrainingData.Example> heldOut,
                               int batchSize, long seed, double maskProbability, int epochPairs) {
        if (epochPairs < 0) {
            throw new IllegalArgumentException("epoch-pairs must be 0 (one pass) or positive, got " + epochPairs);
        }
        this.model = model;
        this.optimizer = optimizer;
        this.generator = generator;
        this.vocab = vocab;
        this.train = List.copyOf(train);
        this.heldOut = List.copyOf(heldOut);
        this.batchSize = batchSize;
        this.seed = seed;
        this.maskProbability = maskProbability;
        this.epochPairs = epochPairs == 0 ? train.size() : epochPairs;
    }

    @Override
    public TrainingState state() {
        return TrainingState.of(model, optimizer, generator);
    }

    @Override
    public int batchesPerEpoch() {
        return (epochPairs + batchSize - 1) / batchSize;
    }

    @Override
    public String items() {
        return "pairs";
    }

    /** The losses and counts of one batch. */
    private record Step(Tensor mlmLoss, Tensor nspLoss, long mlmRight, long mlmCount, long nspRight, int pairs) {}

    private Step run(BertPretrainingData.Batch batch) {
        BertForPreTraining.Heads heads = model.heads(batch);
        long mlmRight = heads.mlmLogits().argmax(1, false).eq(heads.mlmTargets()).sum().to(DType.INT64).toLongArray()[0];
        long nspRight = heads.nspLogits().argmax(1, false).eq(heads.nspTargets()).sum().to(DType.INT64).toLongArray()[0];
        return new Step(heads.mlmLoss(), heads.nspLoss(), mlmRight, heads.mlmTargets().size(0), nspRight,
                batch.ids().size(0));
    }

    @Override
    public Epoch epoch(int epoch) {
        model.train();
        long first = (long) epoch * epochPairs;
        return (b, optimization) -> {
            List<BertPretrainingData.Example> rows = new ArrayList<>();
            for (int k = b * batchSize; k < Math.min(epochPairs, (b + 1) * batchSize); k++) rows.add(pair(first + k));
            long maskSeed = seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + b;
            Step s = run(BertPretrainingData.batch(rows, vocab, maskProbability, maskSeed));
            Tensor loss = s.mlmLoss().add(s.nspLoss());
            optimization.minimize("optimizer", loss);
            return Metrics.loss(s.pairs(), loss.item());
        };
    }

    /** The pair at {@code position} of the stream of passes, each pass its own seeded permutation. */
    private BertPretrainingData.Example pair(long position) {
        int pass = (int) (position / train.size());
        if (pass != orderPass) {
            order = Splits.random(train.size(), seed + 1_000_003L * pass, 1.0)[0];
            orderPass = pass;
        }
        return train.get(order[(int) (position % train.size())]);
    }

    @Override
    public Map<String, Double> evaluate() {
        double mlmLoss = 0;
        double nspLoss = 0;
        long mlmRight = 0;
        long mlmCount = 0;
        long nspRight = 0;
        try (var _ = model.evaluating()) {
            for (int from = 0; from < heldOut.size(); from += batchSize) {
                List<BertPretrainingData.Example> rows = heldOut.subList(from, Math.min(heldOut.size(), from + batchSize));
                Step s = run(BertPretrainingData.batch(rows, vocab, maskProbability, 12345 + from));
                mlmLoss += s.mlmLoss().item() * s.mlmCount();
                nspLoss += s.nspLoss().item() * s.pairs();
                mlmRight += s.mlmRight();
                mlmCount += s.mlmCount();
                nspRight += s.nspRight();
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mlm_loss", mlmLoss / mlmCount);
        out.put("nsp_loss", nspLoss / heldOut.size());
        out.put("mlm_accuracy", mlmRight / (double) mlmCount);
        out.put("nsp_accuracy", nspRight / (double) heldOut.size());
        return out;
    }

    @Override
    public Objective best() {
        return new Objective("mlm_accuracy", false);
    }
}

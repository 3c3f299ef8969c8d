package dev.dendrite.federated;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.Accuracy;
import dev.dendrite.train.TrainingLoop;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Federated averaging (McMahan et al. 2017) run in one process, round by round: the server samples clients,
 * each trains a copy of the global model on its own examples through the one training loop, and their updates
 * (local minus global weights, each scaled by its sample count over the round's largest) are summed in the clear,
 * by pairwise masking or under Paillier encryption; the global model moves by the weighted mean update and is
 * evaluated on the held-out test set. The same seed gives the same model whichever secure aggregation sums the
 * updates up to its fixed-point rounding, since masks and ciphertexts cancel exactly.
 */
public final class FederatedSimulation {
    private static final int EVALUATION_BATCH = 1024;

    /** What one round did: the global model's test metrics after it, who took part, and its cost. */
    public record Round(int round, double testAccuracy, double testLoss, int sampled, int included,
                        long clippedValues, double trainSeconds, double aggregationSeconds, long bytesToServer) {}

    private final FederatedData data;
    private final FederatedConfig config;
    private final Layer model;
    private final List<Tensor> params;
    private final int[][] shards;

    public FederatedSimulation(FederatedData data, FederatedConfig config) {
        this.data = data;
        this.config = config;
        this.model = build(data.features(), config.hidden(), data.classes(), new Generator(config.seed()));
        this.params = model.parameters();
        this.shards = config.split().assign(data.labels(), data.groups(), config.clients(), config.seed());
    }

    /** The model every client trains: Linear layers with ReLU between them. */
    static Layer build(int features, int[] hidden, int classes, Generator g) {
        Sequential s = new Sequential();
        int width = features;
        for (int h : hidden) {
            s.add(new Linear(width, h, g)).add(new ReLU());
            width = h;
        }
        return s.add(new Linear(width, classes, g));
    }

    /** The example indices of each client. */
    public int[][] shards() {
        return shards;
    }

    /** The global model's parameters as one vector. */
    public float[] weights() {
        return flatten();
    }

    /** Runs every round, handing each one's record to {@code progress}; returns them all. */
    public List<Round> run(Consumer<Round> progress) {
        float[] global = flatten();
        double[] velocity = new double[global.length];
        Generator sampling = new Generator(config.seed() * 31 + 7);
        SecureRandom random = new SecureRandom();
        Paillier.PrivateKey keyHolder = config.aggregation() == FederatedConfig.Aggregation.PAILLIER
                ? Paillier.generate(config.paillierBits(), random) : null;
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= config.rounds(); round++) {
            int[] selected = sample(sampling);
            Set<Integer> leaving = new TreeSet<>();
            int[] leaveOrder = sampleIndices(sampling, selected.length, config.dropOuts());
            for (int i : leaveOrder) leaving.add(selected[i]);

            long start = System.nanoTime();
            Map<Integer, float[]> deltas = new TreeMap<>();
            Map<Integer, Integer> sizes = new TreeMap<>();
            for (int client : selected) {
                load(global);
                if (shards[client].length == 0) continue;
                train(client, round, global);
                float[] local = flatten();
                float[] delta = new float[local.length];
                for (int i = 0; i < delta.length; i++) delta[i] = local[i] - global[i];
                deltas.put(client, delta);
                sizes.put(client, shards[client].length);
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            Aggregate sum = aggregate(deltas, sizes, leaving, round, random, keyHolder);
            double aggregationSeconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < global.length; i++) {
                velocity[i] = config.serverMomentum() * velocity[i] + sum.mean()[i];
                global[i] += (float) velocity[i];
            }
            load(global);
            double[] metrics = evaluate();
            Round r = new Round(round, metrics[0], metrics[1], selected.length, sum.included(), sum.clipped(),
                    trainSeconds, aggregationSeconds, sum.bytes());
            rounds.add(r);
            progress.accept(r);
            if (!Double.isFinite(r.testLoss())) {
                throw new IllegalStateException("federated: the global model's test loss is " + r.testLoss()
                        + " after round " + round + "; lower --lr");
            }
        }
        return rounds;
    }

    private record Aggregate(double[] mean, int included, long clipped, long bytes) {}

    /** The weighted mean update of the clients that did not leave, summed as the config says. */
    private Aggregate aggregate(Map<Integer, float[]> deltas, Map<Integer, Integer> sizes, Set<Integer> leaving,
                                int round, SecureRandom random, Paillier.PrivateKey keyHolder) {
        int length = params.stream().mapToInt(p -> p.numel()).sum();
        int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        Map<Integer, float[]> scaled = new TreeMap<>();
        for (var e : deltas.entrySet()) {
            float w = (float) sizes.get(e.getKey()) / largest;
            float[] v = e.getValue().clone();
            for (int i = 0; i < v.length; i++) v[i] *= w;
            scaled.put(e.getKey(), v);
        }
        Set<Integer> senders = new TreeSet<>(scaled.keySet());
        senders.removeAll(leaving);
        double[] total = new double[length];
        long clipped = 0;
        long bytes = 0;
        Set<Integer> included = senders;
        FixedPoint fixed = config.fixedPoint();
        switch (config.aggregation()) {
            case NONE -> {
                for (int c : senders) {
                    float[] v = scaled.get(c);
                    for (int i = 0; i < length; i++) total[i] += v[i];
                }
                bytes = 4L * length * senders.size();
            }
            case MASKING -> {
                fixed.checkCapacity(scaled.size());
                Map<Integer, int[]> inputs = new TreeMap<>();
                for (var e : scaled.entrySet()) {
                    clipped += countClipped(e.getValue(), fixed);
                    inputs.put(e.getKey() + 1, fixed.encode(e.getValue()));
                }
                Set<Integer> gone = new TreeSet<>();
                for (int c : leaving) gone.add(c + 1);
                var result = MaskedAggregation.sum(inputs, config.threshold(), round,
                        new MaskedAggregation.DropOuts(Set.of(), gone, Set.of()), random);
                double[] decoded = fixed.decode(result.sum());
                System.arraycopy(decoded, 0, total, 0, length);
                included = new TreeSet<>();
                for (int id : result.included()) included.add(id - 1);
                bytes = result.bytesToServer();
            }
            case PAILLIER -> {
                fixed.checkCapacity(scaled.size());
                PaillierPacking packing = new PaillierPacking(keyHolder.publicKey(), scaled.size());
                List<BigInteger[]> encrypted = new ArrayList<>();
                for (int c : senders) {
                    clipped += countClipped(scaled.get(c), fixed);
                    BigInteger[] e = packing.encrypt(fixed.encode(scaled.get(c)), random);
                    for (BigInteger x : e) bytes += x.toByteArray().length;
                    encrypted.add(e);
                }
                int[] sum = packing.decryptSum(keyHolder, packing.add(encrypted), senders.size(), length);
                System.arraycopy(fixed.decode(sum), 0, total, 0, length);
            }
        }
        double weight = 0;
        for (int c : included) weight += (double) sizes.get(c) / largest;
        for (int i = 0; i < length; i++) total[i] /= weight;
        return new Aggregate(total, included.size(), clipped, bytes);
    }

    private static long countClipped(float[] v, FixedPoint fixed) {
        long n = 0;
        for (float x : v) if (Math.abs(x) > fixed.clip()) n++;
        return n;
    }

    private void train(int client, int round, float[] global) {
        TensorDataset own = data.train().subset(shards[client]);
        long seed = config.seed() * 1_000_003L + round * 1_009L + client;
        DataLoader loader = new DataLoader(own, config.batchSize(), true, false, seed, 0);
        List<Tensor> anchor = new ArrayList<>();
        if (config.mu() > 0) {
            for (Tensor p : params) anchor.add(p.detach().clone());
        }
        LocalTask task = new LocalTask(model, new Sgd(params, config.lr()), loader, config.mu(), anchor);
        new TrainingLoop(TrainingLoop.Config.epochs(config.localEpochs())).run(task, 0, List.of());
    }

    /** Test accuracy and loss of the model as loaded. */
    private double[] evaluate() {
        TensorDataset test = data.test();
        int n = test.size();
        double lossSum = 0;
        long correct = 0;
        try (var _ = model.evaluating()) {
            for (int from = 0; from < n; from += EVALUATION_BATCH) {
                int[] idx = new int[Math.min(EVALUATION_BATCH, n - from)];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                Batch b = test.batch(idx);
                Tensor out = model.forward(b.inputs());
                lossSum += F.crossEntropy(out, b.targets()).item() * idx.length;
                correct += Accuracy.correct(out, b.targets());
            }
        }
        return new double[] {(double) correct / n, lossSum / n};
    }

    private int[] sample(Generator g) {
        int[] picked = sampleIndices(g, config.clients(), config.sampledPerRound());
        Arrays.sort(picked);
        return picked;
    }

    /** {@code k} distinct numbers from 0..n-1 (a partial Fisher-Yates shuffle). */
    private static int[] sampleIndices(Generator g, int n, int k) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + g.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.copyOf(order, k);
    }

    private float[] flatten() {
        int length = params.stream().mapToInt(p -> p.numel()).sum();
        float[] out = new float[length];
        int at = 0;
        for (Tensor p : params) {
            float[] v = p.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    private void load(float[] flat) {
        int at = 0;
        try (var _ = Grad.disabled()) {
            for (Tensor p : params) {
                int n = p.numel();
                p.copyFrom(Tensor.fromArray(Arrays.copyOfRange(flat, at, at + n), p.dims()));
                at += n;
            }
        }
    }
}

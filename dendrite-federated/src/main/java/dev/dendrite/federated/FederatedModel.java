package dev.dendrite.federated;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.ClassificationTask;
import dev.dendrite.train.NonFiniteException;
import dev.dendrite.train.TrainingLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The model of a federated run and the arithmetic both sides do with it: the server's global weights as one
 * vector, moved by the mean update (with server momentum), and evaluated on the test set; a client's local
 * training from the global weights through the one training loop, giving its update and how much it weighs.
 * The model is Linear layers with ReLU between them, built from the run's seed.
 */
public final class FederatedModel {
    private final FederatedConfig config;
    private final Layer model;
    private final List<Tensor> params;
    private final double[] velocity;
    private final int classes;

    public FederatedModel(int features, int classes, FederatedConfig config) {
        this.config = config;
        this.classes = classes;
        Generator g = new Generator(config.seed());
        Sequential s = new Sequential();
        int width = features;
        for (int h : config.hidden()) {
            s.add(new Linear(width, h, g)).add(new ReLU());
            width = h;
        }
        this.model = s.add(new Linear(width, classes, g));
        this.params = model.parameters();
        this.velocity = new double[length()];
    }

    /** Parameters in one vector. */
    public int length() {
        return params.stream().mapToInt(Tensor::numel).sum();
    }

    /** The parameters by name, as a state dict (what travels between server and clients). */
    public Map<String, Tensor> stateDict() {
        return model.stateDict();
    }

    /** The parameters as one vector, in the model's parameter order. */
    public float[] weights() {
        float[] out = new float[length()];
        int at = 0;
        for (Tensor p : params) {
            float[] v = p.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Sets the parameters from one vector. */
    public void load(float[] flat) {
        if (flat.length != length()) {
            throw new IllegalArgumentException("FederatedModel: " + flat.length + " weights for a model of " + length());
        }
        int at = 0;
        try (var _ = Grad.disabled()) {
            for (Tensor p : params) {
                int n = p.numel();
                p.copyFrom(Tensor.fromArray(Arrays.copyOfRange(flat, at, at + n), p.dims()));
                at += n;
            }
        }
    }

    /**
     * Client side: trains from {@code global} on {@code own} for the configured local epochs (seeded by round and
     * client) and returns the update, local minus global weights.
     */
    public float[] localUpdate(float[] global, TensorDataset own, int client, int round) {
        load(global);
        long seed = config.seed() * 1_000_003L + round * 1_009L + client;
        DataLoader loader = new DataLoader(own, config.batchSize(), true, false, seed, 0);
        List<Tensor> anchor = new ArrayList<>();
        if (config.mu() > 0) {
            for (Tensor p : params) anchor.add(p.detach().clone());
        }
        var classification = new ClassificationTask(model, new Sgd(params, config.lr()), null, loader,
                new ClassificationTask.Evaluation(own, "train", classes, classes));
        LocalTask task = new LocalTask(classification, params, config.mu(), anchor);
        try {
            new TrainingLoop(TrainingLoop.Config.epochs(config.localEpochs())).run(task, 0, List.of());
        } catch (NonFiniteException e) {
            throw new NonFiniteException("federated: client " + (client + 1) + "'s local training in round " + round
                    + " diverged (a loss that is not finite); lower --lr" + (config.mu() > 0 ? " or --mu" : ""));
        }
        float[] local = weights();
        float[] delta = new float[local.length];
        for (int i = 0; i < delta.length; i++) delta[i] = local[i] - global[i];
        return delta;
    }

    /** Client side: the update scaled by the client's samples over the round's largest, ready to be summed. */
    public static float[] weighted(float[] update, int samples, int largest) {
        float w = (float) samples / largest;
        float[] out = update.clone();
        for (int i = 0; i < out.length; i++) out[i] *= w;
        return out;
    }

    /**
     * Server side: moves {@code global} by the weighted sum of updates divided by the summed weights (the clients'
     * samples over the round's largest), through the server momentum.
     */
    public void applySum(float[] global, double[] weightedSum, double weights) {
        for (int i = 0; i < global.length; i++) {
            velocity[i] = config.serverMomentum() * velocity[i] + weightedSum[i] / weights;
            global[i] += (float) velocity[i];
        }
    }

    /** The SHA-256 of the weights' float32 bits (little-endian), in hex: equal models have equal fingerprints. */
    public static String fingerprint(float[] weights) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * weights.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float w : weights) bytes.putFloat(w);
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256", e);
        }
    }

    /** Server side: test accuracy and mean loss of {@code weights} on {@code test}. */
    public double[] evaluate(float[] weights, TensorDataset test) {
        load(weights);
        var metrics = ClassificationTask.evaluate(model, new ClassificationTask.Evaluation(test, "test", classes, classes));
        return new double[] {metrics.get("test_accuracy"), metrics.get("test_loss")};
    }
}

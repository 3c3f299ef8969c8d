package dev.dendrite.federated;

import dev.dendrite.data.DataFormatException;
import dev.dendrite.data.Idx;
import dev.dendrite.data.LabelledText;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A labelled data set for federated training: the training examples with each one's group (what {@code by-group}
 * and {@code mixed} splits deal by), and one held-out test set the global model is evaluated on every round, the
 * same whatever the split. Read from a spec:
 * <ul>
 *   <li>{@code spam:FILE}: SpamAssassin e-mails as {@link HashedFeatures} (2^12 buckets), ham 0 and spam 1,
 *       grouped by the corpus's groups, a seeded 80/20 train/test split;</li>
 *   <li>{@code tsv:FILE}: {@code label<TAB>text} rows as hashed features, grouped by label, 80/20;</li>
 *   <li>{@code mnist:DIR}: MNIST's IDX files, 784 pixels in [0, 1], grouped by digit, the official test set.</li>
 * </ul>
 */
public record FederatedData(TensorDataset train, int[] labels, int[] groups, List<String> groupNames,
                            TensorDataset test, int classes) {
    public static final String FORMS = "spam:FILE | tsv:FILE | mnist:DIR";
    private static final int TEXT_FEATURES = 1 << 12;

    /** Input features per example. */
    public int features() {
        return train.inputs().dims()[1];
    }

    /** The data a spec names, split with {@code seed}. */
    public static FederatedData load(String spec, long seed) throws IOException {
        int colon = spec.indexOf(':');
        String form = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        if (arg.isEmpty() && !form.isEmpty()) {
            throw new IllegalArgumentException("--data " + spec + ": expected " + FORMS);
        }
        return switch (form) {
            case "spam" -> spam(Path.of(arg), seed);
            case "tsv" -> tsv(Path.of(arg), seed);
            case "mnist" -> mnist(Path.of(arg));
            default -> throw new IllegalArgumentException("--data " + spec + ": expected " + FORMS);
        };
    }

    private static FederatedData spam(Path file, long seed) throws IOException {
        List<SpamAssassin.Email> emails = SpamAssassin.read(file);
        HashedFeatures features = new HashedFeatures(TEXT_FEATURES);
        TreeMap<String, Integer> groupIds = new TreeMap<>();
        for (var e : emails) groupIds.putIfAbsent(e.group(), 0);
        int id = 0;
        for (var k : groupIds.keySet()) groupIds.put(k, id++);
        float[][] rows = new float[emails.size()][];
        int[] labels = new int[emails.size()];
        int[] groups = new int[emails.size()];
        for (int i = 0; i < rows.length; i++) {
            var e = emails.get(i);
            rows[i] = features.email(e.headers(), e.body());
            labels[i] = e.spam() ? 1 : 0;
            groups[i] = groupIds.get(e.group());
        }
        return split(rows, labels, groups, List.copyOf(groupIds.keySet()), 2, seed);
    }

    private static FederatedData tsv(Path file, long seed) throws IOException {
        LabelledText text = LabelledText.read(file);
        HashedFeatures features = new HashedFeatures(TEXT_FEATURES);
        float[][] rows = new float[text.size()][];
        for (int i = 0; i < rows.length; i++) rows[i] = features.text(text.texts().get(i));
        return split(rows, text.labels(), text.labels(), text.labelNames(), text.labelNames().size(), seed);
    }

    private static FederatedData mnist(Path dir) throws IOException {
        Idx.ImageSet set = Idx.loadImageSet(dir);
        TensorDataset train = flat(set.train());
        int[] labels = toInts(train.targets());
        List<String> names = new ArrayList<>();
        for (int d = 0; d < 10; d++) names.add("digit " + d);
        return new FederatedData(train, labels, labels, names, flat(set.test()), 10);
    }

    private static TensorDataset flat(TensorDataset images) {
        int n = images.size();
        return new TensorDataset(images.inputs().reshape(n, -1), images.targets());
    }

    private static FederatedData split(float[][] rows, int[] labels, int[] groups, List<String> groupNames,
                                       int classes, long seed) {
        if (rows.length < 10) {
            throw new DataFormatException("federated data: " + rows.length + " examples are too few to split 80/20");
        }
        int[][] parts = Splits.random(rows.length, seed, 0.8, 0.2);
        TensorDataset all = new TensorDataset(Tensor.of(rows), toTensor(labels));
        return new FederatedData(all.subset(parts[0]), pick(labels, parts[0]), pick(groups, parts[0]), groupNames,
                all.subset(parts[1]), classes);
    }

    private static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = values[indices[i]];
        return out;
    }

    private static Tensor toTensor(int[] labels) {
        long[] out = new long[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i];
        return Tensor.fromArray(out, labels.length);
    }

    private static int[] toInts(Tensor targets) {
        long[] values = targets.toLongArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (int) values[i];
        return out;
    }
}

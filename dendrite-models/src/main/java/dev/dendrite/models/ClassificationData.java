package dev.dendrite.models;

import dev.dendrite.data.Csv;
import dev.dendrite.data.DataFormatException;
import dev.dendrite.data.Digits;
import dev.dendrite.data.Idx;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Standardize;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.io.ConfigException;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The labelled data sets classifiers train on, from a spec: digits (embedded, as 1x8x8 images), mnist:DIR and
 * idx:DIR (the four standard IDX files, 1xHxW images), csv:FILE (numeric features, integer label last; standardised
 * with training statistics) and xor (the truth table, for training and testing). Sets without a test split of their
 * own are split 80/20 with the seed. Labels must be the classes 0..K-1, each occurring.
 */
public record ClassificationData(String spec, TensorDataset train, TensorDataset test, int[] sample, int classes) {
    public static final String FORMS = "digits | mnist:DIR | idx:DIR | csv:FILE | xor";

    public static ClassificationData load(String spec, long seed) throws IOException {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "digits" -> {
                TensorDataset flat = Digits.load();
                yield split(spec, new TensorDataset(flat.inputs().reshape(-1, 1, 8, 8), flat.targets()), seed, false);
            }
            case "mnist", "idx" -> {
                requireArg(spec, arg, "mnist:../shared/data/mnist");
                Idx.ImageSet set = Idx.loadImageSet(Path.of(arg));
                yield of(spec, set.train(), set.test());
            }
            case "csv" -> {
                requireArg(spec, arg, "csv:examples/iris.csv");
                yield split(spec, Csv.readClassification(Path.of(arg)), seed, true);
            }
            case "xor" -> {
                TensorDataset xor = new TensorDataset(Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
                        Tensor.fromArray(new long[] {0, 1, 1, 0}));
                yield of(spec, xor, xor);
            }
            default -> throw new ConfigException("unknown data '" + spec + "' for a classifier; use " + FORMS);
        };
    }

    private static void requireArg(String spec, String arg, String example) {
        if (arg.isEmpty()) {
            throw new ConfigException("data '" + spec + "' needs a path after the colon, e.g. " + example);
        }
    }

    private static ClassificationData split(String spec, TensorDataset all, long seed, boolean standardize) {
        int[][] parts = Splits.random(all.size(), seed, 0.8, 0.2);
        TensorDataset train = all.subset(parts[0]);
        TensorDataset test = all.subset(parts[1]);
        if (standardize) {
            Standardize s = Standardize.fit(train.inputs());
            train = new TensorDataset(s.apply(train.inputs()), train.targets());
            test = new TensorDataset(s.apply(test.inputs()), test.targets());
        }
        return of(spec, train, test);
    }

    private static ClassificationData of(String spec, TensorDataset train, TensorDataset test) {
        int[] dims = train.inputs().dims();
        int[] sample = java.util.Arrays.copyOfRange(dims, 1, dims.length);
        int classes = (int) Math.max(train.targets().max().item(), test.targets().max().item()) + 1;
        boolean[] seen = new boolean[classes];
        for (TensorDataset part : new TensorDataset[] {train, test}) {
            for (long label : part.targets().toLongArray()) {
                seen[(int) label] = true;
            }
        }
        int missing = 0;
        for (boolean s : seen) {
            missing += s ? 0 : 1;
        }
        if (missing > 0) {
            throw new DataFormatException("data '" + spec + "': the largest label is " + (classes - 1) + " but " + missing
                    + " of the classes 0.." + (classes - 1) + " never occur; labels must be the classes 0..K-1");
        }
        return new ClassificationData(spec, train, test, sample, classes);
    }
}

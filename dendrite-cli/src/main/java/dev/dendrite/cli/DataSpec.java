// The data sets the CLI can load from a spec string: digits (embedded, as 1x8x8 images), mnist:DIR and idx:DIR
// (the four standard IDX files, 1xHxW images), csv:FILE (numeric features, integer label last; standardised with
// training statistics), and xor (the four rows of the truth table, used for both training and testing).
package dev.dendrite.cli;

import dev.dendrite.data.Csv;
import dev.dendrite.data.Digits;
import dev.dendrite.data.Idx;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Standardize;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

record DataSpec(String spec, TensorDataset train, TensorDataset test, int[] sample, int classes) {
    static final String FORMS = "digits, mnist:DIR, idx:DIR, csv:FILE, xor";

    /** Loads a spec; data sets without their own test split are split 80/20 with {@code seed}. */
    static DataSpec load(String spec, long seed) throws IOException {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "digits" -> {
                TensorDataset flat = Digits.load();
                yield split(spec, new TensorDataset(flat.inputs().reshape(-1, 1, 8, 8), flat.targets()), seed, false);
            }
            case "mnist", "idx" -> {
                requireArg(spec, arg);
                Idx.ImageSet set = Idx.loadImageSet(Path.of(arg));
                yield of(spec, set.train(), set.test());
            }
            case "csv" -> {
                requireArg(spec, arg);
                yield split(spec, Csv.readClassification(Path.of(arg)), seed, true);
            }
            case "xor" -> {
                TensorDataset xor = new TensorDataset(Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
                        Tensor.fromArray(new long[] {0, 1, 1, 0}));
                yield of(spec, xor, xor);
            }
            default -> throw new IllegalArgumentException("unknown data '" + spec + "'; use one of " + FORMS);
        };
    }

    private static void requireArg(String spec, String arg) {
        if (arg.isEmpty()) {
            throw new IllegalArgumentException("data '" + spec + "' needs a path after the colon, e.g. mnist:../shared/data/mnist");
        }
    }

    private static DataSpec split(String spec, TensorDataset all, long seed, boolean standardize) {
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

    private static DataSpec of(String spec, TensorDataset train, TensorDataset test) {
        int[] dims = train.inputs().dims();
        int[] sample = java.util.Arrays.copyOfRange(dims, 1, dims.length);
        int classes = (int) Math.max(train.targets().max().item(), test.targets().max().item()) + 1;
        return new DataSpec(spec, train, test, sample, classes);
    }
}

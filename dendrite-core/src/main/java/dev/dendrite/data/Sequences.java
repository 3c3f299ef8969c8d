package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Variable-length sequences of token ids as model input: padding (and truncation) into a (B, T) INT64 tensor with
 * the true lengths beside it, and batches of similar lengths (less padding), their order shuffled per epoch with a
 * seeded generator.
 */
public final class Sequences {
    private Sequences() {}

    /** A padded batch: ids (B, T) INT64, {@code pad} past each length; lengths (B). */
    public record Padded(Tensor ids, int[] lengths) {}

    /**
     * The sequences padded with {@code pad} to the longest one, each first cut to {@code maxLength} (0: no limit).
     * An empty sequence keeps one pad token, so every row has length >= 1.
     */
    public static Padded pad(List<int[]> sequences, int maxLength, int pad) {
        int[] lengths = new int[sequences.size()];
        int longest = 1;
        for (int i = 0; i < lengths.length; i++) {
            int n = sequences.get(i).length;
            lengths[i] = Math.max(1, maxLength > 0 ? Math.min(n, maxLength) : n);
            longest = Math.max(longest, lengths[i]);
        }
        long[] ids = new long[lengths.length * longest];
        java.util.Arrays.fill(ids, pad);
        for (int i = 0; i < lengths.length; i++) {
            int[] s = sequences.get(i);
            for (int t = 0; t < Math.min(lengths[i], s.length); t++) {
                ids[i * longest + t] = s[t];
            }
        }
        return new Padded(Tensor.fromArray(ids, lengths.length, longest), lengths);
    }

    /**
     * Batches of indices into {@code lengths}: sorted by length, cut into batches of {@code batchSize}, the batch
     * order shuffled with a generator seeded by {@code seed} and {@code epoch}.
     */
    public static List<int[]> byLength(int[] lengths, int batchSize, long seed, int epoch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("byLength: batchSize must be >= 1, got " + batchSize);
        }
        int[] sorted = IntStream.range(0, lengths.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < sorted.length; from += batchSize) {
            batches.add(java.util.Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + batchSize)));
        }
        Generator g = new Generator(seed * 1_000_003L + epoch);
        for (int i = batches.size() - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int[] swap = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, swap);
        }
        return batches;
    }
}

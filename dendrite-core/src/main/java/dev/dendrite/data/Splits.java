package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * Seeded random train/validation/test splits of a dataset's indices.
 */
public final class Splits {
    private Splits() {}

    /**
     * Shuffles 0..n-1 with {@code seed} and cuts it into parts of the given fractions (the last part takes the
     * rounding remainder). Fractions must be positive and sum to 1.
     */
    public static int[][] random(int n, long seed, double... fractions) {
        double total = 0;
        for (double f : fractions) {
            if (!(f > 0)) {
                throw new IllegalArgumentException("Splits.random: fractions must be positive, got " + f);
            }
            total += f;
        }
        if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("Splits.random: fractions must sum to 1, got " + total);
        }
        int[] order = permutation(n, new Generator(seed));
        int[][] parts = new int[fractions.length][];
        int start = 0;
        for (int p = 0; p < fractions.length; p++) {
            int end = p == fractions.length - 1 ? n : start + (int) Math.round(fractions[p] * n);
            parts[p] = java.util.Arrays.copyOfRange(order, start, Math.min(end, n));
            start = Math.min(end, n);
        }
        return parts;
    }

    /** 0..n-1 in the order of a Fisher-Yates shuffle drawn from {@code g} (from the last position down). */
    public static int[] permutation(int n, Generator g) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}

package dev.dendrite.federated;

import dev.dendrite.tensor.Generator;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which clients take part in each round, from the run's seed: a fraction C of the K clients (sorted), and, in a
 * simulation, which of them leave before sending their update. Server and simulation draw the same sequence.
 */
final class ClientSampling {
    private final FederatedConfig config;
    private final Generator generator;

    ClientSampling(FederatedConfig config) {
        this.config = config;
        this.generator = new Generator(config.seed() * 31 + 7);
    }

    /** The clients (0-based) of the next round. */
    int[] next() {
        int[] picked = sample(config.clients(), config.sampledPerRound());
        Arrays.sort(picked);
        return picked;
    }

    /** The configured number of drop-outs among {@code selected}. */
    Set<Integer> leaving(int[] selected) {
        Set<Integer> out = new TreeSet<>();
        for (int i : sample(selected.length, config.dropOuts())) out.add(selected[i]);
        return out;
    }

    /** {@code k} distinct numbers from 0..n-1 (a partial Fisher-Yates shuffle). */
    private int[] sample(int n, int k) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + generator.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.copyOf(order, k);
    }
}

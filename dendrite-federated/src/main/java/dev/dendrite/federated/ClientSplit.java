package dev.dendrite.federated;

import dev.dendrite.data.Splits;
import dev.dendrite.tensor.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How the training examples are dealt to federated clients, seeded:
 * <ul>
 *   <li>{@code iid}: shuffled and dealt evenly, every client a sample of the whole;</li>
 *   <li>{@code mixed}: each group's examples divided among the clients in proportions drawn from a flat Dirichlet,
 *       so every client holds a different mixture of groups (and sizes differ);</li>
 *   <li>{@code by-group}: one group per client (SpamAssassin's groups are each all ham or all spam, the hardest
 *       non-IID case); needs as many clients as groups;</li>
 *   <li>{@code shards:K}: sorted by label, cut into clients x K equal shards, K random shards per client
 *       (McMahan et al.'s pathological non-IID MNIST with K = 2).</li>
 * </ul>
 */
public record ClientSplit(Kind kind, int shards) {
    /** The four ways to split. */
    public enum Kind { IID, MIXED, BY_GROUP, SHARDS }

    public static final String FORMS = "iid | mixed | by-group | shards:K";

    public ClientSplit {
        if (kind == Kind.SHARDS ? shards < 1 : shards != 0) {
            throw new IllegalArgumentException("ClientSplit: shards:K needs K >= 1, other splits no K");
        }
    }

    /** The split a command-line value names. */
    public static ClientSplit parse(String spec) {
        return switch (spec) {
            case "iid" -> new ClientSplit(Kind.IID, 0);
            case "mixed" -> new ClientSplit(Kind.MIXED, 0);
            case "by-group" -> new ClientSplit(Kind.BY_GROUP, 0);
            default -> {
                if (spec.startsWith("shards:")) {
                    try {
                        int k = Integer.parseInt(spec.substring("shards:".length()));
                        if (k >= 1) yield new ClientSplit(Kind.SHARDS, k);
                    } catch (NumberFormatException ignored) {
                        // reported below with the accepted forms
                    }
                }
                throw new IllegalArgumentException("--split: expected " + FORMS + ", got '" + spec + "'");
            }
        };
    }

    @Override
    public String toString() {
        return kind == Kind.SHARDS ? "shards:" + shards : kind.name().toLowerCase().replace('_', '-');
    }

    /**
     * The example indices of each of {@code clients} clients, given each example's label and group (groups numbered
     * 0..G-1; data without groups passes the labels).
     */
    public int[][] assign(int[] labels, int[] groups, int clients, long seed) {
        if (clients < 1) {
            throw new IllegalArgumentException("ClientSplit: need at least one client, got " + clients);
        }
        Generator g = new Generator(seed);
        int n = labels.length;
        int[] order = Splits.permutation(n, g);
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < clients; c++) out.add(new ArrayList<>());
        switch (kind) {
            case IID -> {
                for (int i = 0; i < n; i++) out.get(i % clients).add(order[i]);
            }
            case MIXED -> {
                int groupCount = Arrays.stream(groups).max().orElse(-1) + 1;
                for (int group = 0; group < groupCount; group++) {
                    final int gr = group;
                    int[] members = Arrays.stream(order).filter(i -> groups[i] == gr).toArray();
                    double[] share = new double[clients];
                    double total = 0;
                    for (int c = 0; c < clients; c++) total += share[c] = -Math.log(1 - g.nextDouble());
                    double cumulative = 0;
                    int from = 0;
                    for (int c = 0; c < clients; c++) {
                        cumulative += share[c] / total;
                        int to = c == clients - 1 ? members.length : (int) Math.round(cumulative * members.length);
                        for (int i = from; i < to; i++) out.get(c).add(members[i]);
                        from = Math.max(from, to);
                    }
                }
            }
            case BY_GROUP -> {
                int groupCount = Arrays.stream(groups).max().orElse(-1) + 1;
                if (groupCount != clients) {
                    throw new IllegalArgumentException("--split by-group: the data has " + groupCount
                            + " groups, so it needs --clients " + groupCount + ", got " + clients);
                }
                for (int i : order) out.get(groups[i]).add(i);
            }
            case SHARDS -> {
                Integer[] byLabel = IntStream.of(order).boxed().toArray(Integer[]::new);
                Arrays.sort(byLabel, Comparator.comparingInt(i -> labels[i]));
                int count = clients * shards;
                if (count > n) {
                    throw new IllegalArgumentException("--split shards:" + shards + ": " + clients + " clients x "
                            + shards + " shards is more than the " + n + " examples");
                }
                int[] shardOrder = Splits.permutation(count, g);
                for (int s = 0; s < count; s++) {
                    int shard = shardOrder[s];
                    int from = (int) ((long) shard * n / count);
                    int to = (int) ((long) (shard + 1) * n / count);
                    for (int i = from; i < to; i++) out.get(s / shards).add(byLabel[i]);
                }
            }
        }
        int[][] result = new int[clients][];
        for (int c = 0; c < clients; c++) result[c] = out.get(c).stream().mapToInt(Integer::intValue).toArray();
        return result;
    }
}

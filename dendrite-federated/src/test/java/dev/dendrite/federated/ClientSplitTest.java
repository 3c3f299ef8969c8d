// Client splits: every example dealt exactly once; iid balances classes, by-group gives each client one group,
// shards:2 gives each client at most two labels, mixed gives every client a different mixture; bad specs refused.
package dev.dendrite.federated;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSplitTest {
    private static final int N = 1000;

    private static int[] labels() {
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) labels[i] = (i * 7) % 10;
        return labels;
    }

    private static void dealtOnce(int[][] shards) {
        int[] all = Arrays.stream(shards).flatMapToInt(Arrays::stream).sorted().toArray();
        assertEquals(N, all.length);
        for (int i = 0; i < N; i++) assertEquals(i, all[i]);
    }

    private static Set<Integer> labelsOf(int[] shard, int[] labels) {
        Set<Integer> s = new HashSet<>();
        for (int i : shard) s.add(labels[i]);
        return s;
    }

    @Test
    void eachSplitDealsEveryExampleOnceWithItsOwnBalance() {
        int[] labels = labels();
        int[][] iid = ClientSplit.parse("iid").assign(labels, labels, 10, 1);
        dealtOnce(iid);
        for (int[] shard : iid) {
            assertEquals(100, shard.length);
            long zeros = Arrays.stream(shard).filter(i -> labels[i] == 0).count();
            assertTrue(zeros > 2 && zeros < 25, "class 0 holds " + zeros + " of 100 examples of an iid client");
        }
        int[][] byGroup = ClientSplit.parse("by-group").assign(labels, labels, 10, 1);
        dealtOnce(byGroup);
        for (int[] shard : byGroup) assertEquals(1, labelsOf(shard, labels).size());
        int[][] shards = ClientSplit.parse("shards:2").assign(labels, labels, 50, 1);
        dealtOnce(shards);
        for (int[] shard : shards) {
            assertEquals(20, shard.length);
            assertTrue(labelsOf(shard, labels).size() <= 2);
        }
        int[][] mixed = ClientSplit.parse("mixed").assign(labels, labels, 5, 1);
        dealtOnce(mixed);
        Set<Integer> sizes = new HashSet<>();
        for (int[] shard : mixed) sizes.add(shard.length);
        assertTrue(sizes.size() > 1, "mixed clients should differ in size");
        assertEquals(Arrays.deepToString(mixed), Arrays.deepToString(ClientSplit.parse("mixed").assign(labels, labels, 5, 1)));
    }

    @Test
    void badSpecsAndImpossibleSplitsAreRefused() {
        int[] labels = labels();
        assertThrows(IllegalArgumentException.class, () -> ClientSplit.parse("shards:0"));
        assertThrows(IllegalArgumentException.class, () -> ClientSplit.parse("random"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClientSplit.parse("by-group").assign(labels, labels, 4, 1));
        assertTrue(e.getMessage().contains("--clients 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientSplit.parse("shards:20").assign(labels, labels, 100, 1));
    }
}

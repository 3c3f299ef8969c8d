// Pairwise masking end to end: the unmasked sum equals the plain sum in the ring, bit for bit, with clients
// leaving at every phase; one client's masked vector is uniform; tampering and contradictory requests are refused.
package dev.dendrite.federated;

import dev.dendrite.federated.MaskedAggregation.DropOuts;
import dev.dendrite.federated.MaskingMessages.SealedShares;
import org.junit.jupiter.api.Test;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskedAggregationTest {
    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    private static Map<Integer, int[]> inputs(int clients, int length, long seed) throws Exception {
        SecureRandom r = seeded(seed);
        FixedPoint fixed = FixedPoint.DEFAULT;
        Map<Integer, int[]> inputs = new TreeMap<>();
        for (int id = 1; id <= clients; id++) {
            float[] update = new float[length];
            for (int i = 0; i < length; i++) update[i] = (float) (r.nextGaussian() * 2);
            inputs.put(id, fixed.encode(update));
        }
        return inputs;
    }

    private static int[] plainSum(Map<Integer, int[]> inputs, Set<Integer> included) {
        int[] sum = new int[inputs.values().iterator().next().length];
        for (int id : included) {
            int[] v = inputs.get(id);
            for (int i = 0; i < sum.length; i++) sum[i] += v[i];
        }
        return sum;
    }

    @Test
    void fiveClientsSumExactlyWithZeroOneAndTwoDropOutsAfterMasking() throws Exception {
        Map<Integer, int[]> inputs = inputs(5, 300, 1);
        for (Set<Integer> gone : List.of(Set.<Integer>of(), Set.of(3), Set.of(2, 5))) {
            var result = MaskedAggregation.sum(inputs, 3, 7, new DropOuts(Set.of(), gone, Set.of()), seeded(2));
            Set<Integer> expected = new HashSet<>(inputs.keySet());
            expected.removeAll(gone);
            assertEquals(expected, result.included());
            assertArrayEquals(plainSum(inputs, expected), result.sum());
            double[] decoded = FixedPoint.DEFAULT.decode(result.sum());
            double plain = 0;
            for (int id : expected) plain += FixedPoint.DEFAULT.decode(inputs.get(id)[0]);
            assertEquals(plain, decoded[0], 0.0);
        }
    }

    @Test
    void dropOutsAtEveryPhaseLeaveTheSumOfTheClientsThatMasked() throws Exception {
        Map<Integer, int[]> inputs = inputs(7, 50, 3);
        var dropOuts = new DropOuts(Set.of(1), Set.of(4), Set.of(6, 7));
        var result = MaskedAggregation.sum(inputs, 3, 1, dropOuts, seeded(4));
        assertEquals(Set.of(2, 3, 5, 6, 7), result.included());
        assertArrayEquals(plainSum(inputs, result.included()), result.sum());
        // too many leave before unmasking: below the threshold, the server cannot unmask and says so
        var tooMany = new DropOuts(Set.of(), Set.of(), Set.of(1, 2, 3, 4, 5));
        assertThrows(SecureAggregationException.class, () -> MaskedAggregation.sum(inputs, 3, 1, tooMany, seeded(5)));
    }

    @Test
    void aHundredClientsWithThirtyPercentDropOuts() throws Exception {
        Map<Integer, int[]> inputs = inputs(100, 64, 6);
        Set<Integer> afterSharing = new HashSet<>();
        for (int id = 1; id <= 100; id += 5) afterSharing.add(id);     // 20 leave before masking
        Set<Integer> afterMasking = new HashSet<>();
        for (int id = 2; id <= 100; id += 10) afterMasking.add(id);    // 10 leave before unmasking
        var result = MaskedAggregation.sum(inputs, 51, 2, new DropOuts(Set.of(), afterSharing, afterMasking), seeded(7));
        assertEquals(80, result.included().size());
        assertArrayEquals(plainSum(inputs, result.included()), result.sum());
    }

    @Test
    void oneClientsMaskedInputIsUniformInTheRing() throws Exception {
        int[] zeros = new int[64];
        int[] buckets = new int[16];
        SecureRandom random = seeded(8);
        int rounds = 100;
        for (int round = 0; round < rounds; round++) {
            List<MaskingClient> clients = new ArrayList<>();
            for (int id = 1; id <= 3; id++) clients.add(new MaskingClient(id, round, 2, random));
            MaskingServer server = new MaskingServer(round, 2, zeros.length);
            var roster = server.collectAdvertisements(clients.stream().map(MaskingClient::advertise).toList());
            List<SealedShares> shares = new ArrayList<>();
            for (MaskingClient c : clients) shares.add(c.shareKeys(roster));
            var inboxes = server.routeShares(shares);
            int[] seen = clients.getFirst().maskInput(zeros, inboxes.get(1)).masked();
            for (int v : seen) buckets[v >>> 28]++;
        }
        double expected = rounds * zeros.length / 16.0;
        double chiSquare = 0;
        for (int count : buckets) chiSquare += Math.pow(count - expected, 2) / expected;
        assertTrue(chiSquare < 37.7, "chi-square " + chiSquare + " (15 degrees of freedom, 0.1 % critical 37.7)");
    }

    @Test
    void tamperedSharesAndContradictoryRequestsAreRefused() throws Exception {
        SecureRandom random = seeded(9);
        List<MaskingClient> clients = new ArrayList<>();
        for (int id = 1; id <= 3; id++) clients.add(new MaskingClient(id, 0, 2, random));
        MaskingServer server = new MaskingServer(0, 2, 4);
        var roster = server.collectAdvertisements(clients.stream().map(MaskingClient::advertise).toList());
        List<SealedShares> shares = new ArrayList<>();
        for (MaskingClient c : clients) shares.add(c.shareKeys(roster));
        var inboxes = server.routeShares(shares);
        Map<Integer, byte[]> forged = new TreeMap<>(inboxes.get(1));
        byte[] box = forged.get(2).clone();
        box[box.length - 1] ^= 1;
        forged.put(2, box);
        clients.get(0).maskInput(new int[4], forged);
        var error = assertThrows(SecureAggregationException.class, () -> clients.get(0).unmask(Set.of(1, 2, 3)));
        assertTrue(error.getMessage().contains("does not authenticate"), error.getMessage());

        clients.get(1).maskInput(new int[4], inboxes.get(2));
        clients.get(1).unmask(Set.of(1, 2));
        // a second request could reveal client 3's seed share after its key share: refused
        assertThrows(SecureAggregationException.class, () -> clients.get(1).unmask(Set.of(1, 2, 3)));
        // a survivor list below the threshold is refused
        clients.get(2).maskInput(new int[4], inboxes.get(3));
        assertThrows(SecureAggregationException.class, () -> clients.get(2).unmask(Set.of(3)));
        // the server refuses a masked input of the wrong length
        assertThrows(SecureAggregationException.class, () -> server.collectMaskedInputs(
                List.of(new MaskingMessages.MaskedInput(1, new int[5]))));
    }
}

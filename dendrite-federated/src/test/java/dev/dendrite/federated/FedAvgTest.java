// Federated averaging of known client states: the sample-weighted mean, in each entry's dtype; mismatched names or
// shapes, differing integer state and empty counts are refused with the client named.
package dev.dendrite.federated;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FedAvgTest {
    @Test
    void theMeanIsWeightedBySamples() {
        Map<String, Tensor> a = Map.of("w", Tensor.fromArray(new float[] {1, 2}, 2), "steps", Tensor.fromArray(new long[] {4}, 1));
        Map<String, Tensor> b = Map.of("w", Tensor.fromArray(new float[] {3, 6}, 2), "steps", Tensor.fromArray(new long[] {4}, 1));
        Map<String, Tensor> mean = FedAvg.average(List.of(a, b), new long[] {1, 3});
        assertArrayEquals(new float[] {2.5f, 5f}, mean.get("w").toFloatArray());
        assertEquals(DType.FLOAT32, mean.get("w").dtype());
        assertArrayEquals(new long[] {4}, mean.get("steps").toLongArray());
    }

    @Test
    void mismatchedClientsAreRefused() {
        Map<String, Tensor> a = Map.of("w", Tensor.zeros(2));
        var shape = assertThrows(ShapeException.class, () -> FedAvg.average(List.of(a, Map.of("w", Tensor.zeros(3))),
                new long[] {1, 1}));
        assertTrue(shape.getMessage().contains("client 1 sent 'w' of shape (3)"), shape.getMessage());
        var missing = assertThrows(ShapeException.class, () -> FedAvg.average(List.of(a, Map.of("v", Tensor.zeros(2))),
                new long[] {1, 1}));
        assertTrue(missing.getMessage().contains("client 1 sent no 'w'"), missing.getMessage());
        var counter = assertThrows(IllegalArgumentException.class, () -> FedAvg.average(List.of(
                Map.of("n", Tensor.fromArray(new long[] {1}, 1)), Map.of("n", Tensor.fromArray(new long[] {2}, 1))),
                new long[] {1, 1}));
        assertTrue(counter.getMessage().contains("integer tensor 'n' differs"), counter.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FedAvg.average(List.of(a), new long[] {0}));
    }
}

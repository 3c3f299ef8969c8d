// Wire messages: a round trip keeps every field and tensor; truncated, oversized, wrongly shaped or typed and
// out-of-range content is refused with the HTTP status the server answers.
package dev.dendrite.federated;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireMessageTest {
    private static int status(Runnable r) {
        return assertThrows(WireMessage.Rejected.class, r::run).status();
    }

    @Test
    void roundTripAndRefusals() {
        int[] ring = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE};
        byte[] bytes = new WireMessage(3, 2, Map.of("samples", "12", "key", WireMessage.base64(new byte[] {1, 2})),
                Map.of("masked", WireMessage.ringTensor(ring))).encode();
        WireMessage m = WireMessage.decode(bytes, 1 << 20);
        assertEquals(3, m.round());
        assertEquals(2, m.client());
        assertEquals(12, m.number("samples", 1, 100));
        assertArrayEquals(new byte[] {1, 2}, m.bytes("key", 8));
        assertArrayEquals(ring, m.ringVector("masked", 5));

        assertEquals(413, status(() -> WireMessage.decode(bytes, 10)));
        assertEquals(400, status(() -> WireMessage.decode(Arrays.copyOf(bytes, bytes.length - 3), 1 << 20)));
        assertEquals(400, status(() -> m.ringVector("masked", 6)));
        assertEquals(400, status(() -> m.number("samples", 20, 100)));
        assertEquals(400, status(() -> m.bytes("key", 1)));
        assertEquals(400, status(() -> m.text("missing")));
        WireMessage floats = WireMessage.decode(new WireMessage(3, 2, Map.of(),
                Map.of("masked", Tensor.zeros(5))).encode(), 1 << 20);
        assertEquals(400, status(() -> floats.ringVector("masked", 5)));
        WireMessage wide = WireMessage.decode(new WireMessage(3, 2, Map.of(),
                Map.of("masked", Tensor.fromArray(new long[] {1L << 40}, 1))).encode(), 1 << 20);
        assertEquals(400, status(() -> wide.ringVector("masked", 1)));
    }
}

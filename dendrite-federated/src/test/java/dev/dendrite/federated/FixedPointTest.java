// Fixed point in the 32-bit ring: clipping, rounding, sums that decode exactly, and the capacity bound.
package dev.dendrite.federated;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FixedPointTest {
    @Test
    void encodesClipsAndDecodesSums() {
        FixedPoint f = new FixedPoint(2.0, 8);
        assertEquals(128, f.encode(0.5));
        assertEquals(-512, f.encode(-7.0));
        assertEquals(512, f.encode(Double.POSITIVE_INFINITY));
        assertEquals(1, f.encode(0.004));   // 1.024 rounds to 1
        assertEquals(0.25, f.decode(f.encode(0.25) + f.encode(0.75) + f.encode(-0.75)));
        assertEquals(Integer.MAX_VALUE / 512, f.capacity());
        int[] sum = new int[1];
        for (int i = 0; i < 1000; i++) sum[0] += f.encode(-2.0);
        assertEquals(-2000.0, f.decode(sum[0]));
        assertThrows(IllegalArgumentException.class, () -> f.encode(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> f.checkCapacity((int) f.capacity() + 1));
        assertThrows(IllegalArgumentException.class, () -> new FixedPoint(4.0, 30));
    }
}

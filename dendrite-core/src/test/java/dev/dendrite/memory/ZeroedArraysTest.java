package dev.dendrite.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZeroedArraysTest {
    private static final int N = ZeroedArrays.MIN_LENGTH + 3;

    @BeforeEach
    void roomForEverything() {
        ZeroedArrays.reset(1L << 30);
    }

    @AfterEach
    void defaults() {
        ZeroedArrays.reset(Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32));
    }

    private static void assertZeroed(float[] a, int length) {
        assertEquals(length, a.length);
        for (float v : a) {
            if (v != 0) {
                throw new AssertionError("array handed out with a non-zero element " + v);
            }
        }
    }

    @Test
    void preparesUpToTheDepthForALengthAskedFor() {
        assertFalse(ZeroedArrays.prepareOne(), "nothing asked for yet");
        assertZeroed(ZeroedArrays.take(N), N);
        for (int i = 0; i < ZeroedArrays.DEPTH; i++) {
            assertTrue(ZeroedArrays.prepareOne());
        }
        assertFalse(ZeroedArrays.prepareOne());
        assertEquals((long) ZeroedArrays.DEPTH * N, ZeroedArrays.heldFloats());
        assertZeroed(ZeroedArrays.take(N), N);
        assertEquals((long) (ZeroedArrays.DEPTH - 1) * N, ZeroedArrays.heldFloats());
        assertTrue(ZeroedArrays.prepareOne(), "the array taken is replaced");
    }

    @Test
    void smallLengthsAreNeverPrepared() {
        assertZeroed(ZeroedArrays.take(ZeroedArrays.MIN_LENGTH - 1), ZeroedArrays.MIN_LENGTH - 1);
        assertZeroed(ZeroedArrays.take(0), 0);
        assertFalse(ZeroedArrays.prepareOne());
    }

    @Test
    void holdsNoMoreThanTheCapacity() {
        ZeroedArrays.reset((3L * N + 1) * Float.BYTES);
        ZeroedArrays.take(N);
        ZeroedArrays.take(N + 1);
        assertTrue(ZeroedArrays.prepareOne());
        assertTrue(ZeroedArrays.prepareOne());
        assertTrue(ZeroedArrays.prepareOne());
        assertFalse(ZeroedArrays.prepareOne(), "a fourth array would exceed three arrays' capacity");
        assertTrue(ZeroedArrays.heldFloats() <= 3L * N + 1);
        ZeroedArrays.reset(0);
        ZeroedArrays.take(N);
        assertFalse(ZeroedArrays.prepareOne(), "capacity 0 turns preparation off");
    }

    @Test
    void forgetsTheLeastRecentlyAskedForLength() {
        ZeroedArrays.take(N);
        while (ZeroedArrays.prepareOne()) {
            // fill the first length's slot
        }
        for (int i = 1; i <= ZeroedArrays.SIZES; i++) {
            ZeroedArrays.take(N + i);
        }
        assertEquals(0, ZeroedArrays.heldFloats(), "the first length's arrays are dropped with it");
    }

    @Test
    void neverHandsOutAnArrayTwiceWhilePreparedConcurrently() throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        Thread preparer = new Thread(() -> {
            while (!done.get()) {
                if (!ZeroedArrays.prepareOne()) {
                    Thread.onSpinWait();
                }
            }
        });
        preparer.start();
        Set<float[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (int i = 0; i < 400; i++) {
                int length = N + (i % 3);
                float[] a = ZeroedArrays.take(length);
                assertZeroed(a, length);
                assertTrue(seen.add(a), "array handed out twice");
                a[i % length] = 1;
            }
        } finally {
            done.set(true);
            preparer.join();
        }
    }
}

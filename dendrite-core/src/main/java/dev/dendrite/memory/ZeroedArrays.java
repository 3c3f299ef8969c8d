package dev.dendrite.memory;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zeroed {@code float[]}s prepared ahead by idle threads. The JVM zeroes every new array on the thread that asks for
 * it; a training step asks for the same few large activation and gradient sizes every time, and zeroing them was
 * a tenth of LeNet's step on the main thread while the worker spun idle. {@link #take} hands out a prepared array
 * of the size asked for when one is ready and allocates one otherwise; {@link #prepareOne}, called by idle
 * workers, allocates one array of a recently asked-for size that has fewer than {@value #DEPTH} ready.
 *
 * <p>Every array handed out is a fresh allocation that nobody else has seen, so results do not depend on whether
 * it came from here. Only lengths of at least {@value #MIN_LENGTH} floats are prepared (smaller ones are cheaper
 * to zero than to track), for the {@value #SIZES} most recently asked-for lengths, and the arrays held ready never
 * exceed the capacity: {@code -Ddendrite.preparedMegabytes} (0 turns preparation off), by default 1/32 of the
 * maximum heap and at most 64 MiB.
 */
public final class ZeroedArrays {
    static final int MIN_LENGTH = 1 << 16;
    static final int DEPTH = 2;
    static final int SIZES = 32;
    private static final long DEFAULT_CAPACITY_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32);

    /** Ready arrays of one length, and how many are being prepared. */
    private static final class Slot {
        final ArrayDeque<float[]> ready = new ArrayDeque<>(DEPTH);
        int preparing;

        int missing() {
            return DEPTH - ready.size() - preparing;
        }
    }

    private static final Object LOCK = new Object();
    /** Lengths asked for, least recently asked first (the next one due in a step that repeats). */
    private static final LinkedHashMap<Integer, Slot> SLOTS = new LinkedHashMap<>(2 * SIZES, 0.75f, true);
    private static long capacityFloats = Long.getLong("dendrite.preparedMegabytes",
            DEFAULT_CAPACITY_BYTES >> 20) * (1L << 20) / Float.BYTES;
    /** Floats held ready plus those being prepared, under LOCK. */
    private static long heldFloats;
    /** Whether some slot may be missing arrays: lets idle threads skip the lock while nothing is wanted. */
    private static volatile boolean wanted;

    private ZeroedArrays() {}

    /** A zeroed array of {@code length} floats: one prepared ahead when ready, a new one otherwise. */
    public static float[] take(int length) {
        if (length >= MIN_LENGTH && capacityFloats >= length) {
            synchronized (LOCK) {
                wanted = true;
                Slot slot = SLOTS.get(length);
                if (slot == null) {
                    if (SLOTS.size() == SIZES) {
                        evictEldest();
                    }
                    SLOTS.put(length, new Slot());
                } else if (!slot.ready.isEmpty()) {
                    heldFloats -= length;
                    return slot.ready.poll();
                }
            }
        }
        return new float[length];
    }

    /**
     * Prepares one array for the least recently asked-for length that is missing some, if the capacity allows;
     * returns whether it did (false: nothing is wanted, so an idle caller can spin or park).
     */
    public static boolean prepareOne() {
        if (!wanted) {
            return false;
        }
        int length = -1;
        Slot slot = null;
        synchronized (LOCK) {
            for (Map.Entry<Integer, Slot> e : SLOTS.entrySet()) {
                if (e.getValue().missing() > 0 && heldFloats + e.getKey() <= capacityFloats) {
                    length = e.getKey();
                    slot = e.getValue();
                    break;
                }
            }
            if (slot == null) {
                wanted = false;
                return false;
            }
            slot.preparing++;
            heldFloats += length;
        }
        float[] array = new float[length];
        synchronized (LOCK) {
            slot.preparing--;
            if (SLOTS.get(length) == slot) {
                slot.ready.add(array);
            } else {
                heldFloats -= length;
            }
        }
        return true;
    }

    /** With LOCK held: forgets the least recently asked-for length and its ready arrays. */
    private static void evictEldest() {
        Iterator<Map.Entry<Integer, Slot>> it = SLOTS.entrySet().iterator();
        Map.Entry<Integer, Slot> eldest = it.next();
        heldFloats -= (long) eldest.getKey() * eldest.getValue().ready.size();
        it.remove();
    }

    /** Floats held ready or being prepared (for tests). */
    static long heldFloats() {
        synchronized (LOCK) {
            return heldFloats;
        }
    }

    /** Sets the capacity and drops everything held (for tests). */
    static void reset(long capacityBytes) {
        synchronized (LOCK) {
            SLOTS.clear();
            heldFloats = 0;
            capacityFloats = capacityBytes / Float.BYTES;
            wanted = false;
        }
    }
}

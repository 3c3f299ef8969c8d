package dev.dendrite.federated;

/**
 * Real numbers as elements of the ring of integers modulo 2^32, the ring secure aggregation adds in: a value is
 * clipped to [-clip, clip], scaled by 2^fractionBits, rounded to the nearest integer and stored in two's
 * complement, so Java's wrapping {@code int} addition is the ring's addition. A sum of n encoded values decodes
 * exactly (to the same integer as the plain sum of the rounded values) as long as n * clip * 2^fractionBits stays
 * below 2^31, which {@link #capacity()} reports and {@link #checkCapacity} enforces.
 *
 * @param clip the largest magnitude kept; larger values are clipped to +-clip
 * @param fractionBits the binary digits after the point, the resolution being 2^-fractionBits
 */
public record FixedPoint(double clip, int fractionBits) {
    /** Clipping at +-4 with 16 fractional bits: a resolution of 1.5e-5 and room for 8191 clients. */
    public static final FixedPoint DEFAULT = new FixedPoint(4.0, 16);

    public FixedPoint {
        if (!(clip > 0) || Double.isInfinite(clip) || fractionBits < 0 || fractionBits > 30
                || clip * Math.scalb(1.0, fractionBits) >= Math.scalb(1.0, 31)) {
            throw new IllegalArgumentException("FixedPoint: need clip > 0, 0 <= fractionBits <= 30 and clip * 2^"
                    + "fractionBits < 2^31, got clip " + clip + ", fractionBits " + fractionBits);
        }
    }

    /** How many encoded values can be summed before the sum could wrap around the ring. */
    public long capacity() {
        return Integer.MAX_VALUE / Math.max(1, Math.round(Math.scalb(clip, fractionBits)));
    }

    /** Throws unless {@code summands} encoded values can be added without wrapping. */
    public void checkCapacity(int summands) {
        if (summands > capacity()) {
            throw new IllegalArgumentException("FixedPoint: " + summands + " values of magnitude up to " + clip
                    + " with " + fractionBits + " fractional bits can wrap the 32-bit ring (room for " + capacity()
                    + "); lower clip or fractionBits");
        }
    }

    /** The ring element of one value (NaN is refused: it has no place in a sum). */
    public int encode(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("FixedPoint: cannot encode NaN");
        }
        double clipped = Math.max(-clip, Math.min(clip, value));
        return (int) Math.round(Math.scalb(clipped, fractionBits));
    }

    /** The ring elements of {@code values}. */
    public int[] encode(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = encode(values[i]);
        return out;
    }

    /** How many of {@code values} lie outside [-clip, clip] and would be clipped. */
    public long clipped(float[] values) {
        long n = 0;
        for (float x : values) if (Math.abs(x) > clip) n++;
        return n;
    }

    /** The real number a ring element (a single value or a sum within capacity) stands for. */
    public double decode(int element) {
        return Math.scalb((double) element, -fractionBits);
    }

    /** The real numbers of {@code elements}. */
    public double[] decode(int[] elements) {
        double[] out = new double[elements.length];
        for (int i = 0; i < elements.length; i++) out[i] = decode(elements[i]);
        return out;
    }
}

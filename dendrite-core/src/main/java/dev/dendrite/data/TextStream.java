package dev.dendrite.data;

import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * A long token sequence cut for truncated backpropagation through time: the tokens are split into B parallel
 * streams (stream b is the b-th contiguous 1/B of the text; the remainder is dropped), and window i holds steps [i
 * * T, (i + 1) * T) of every stream with the next token as target. Consecutive windows continue each other, so a
 * model can carry its state from one window to the next (and detach it, to bound the backward pass).
 */
public final class TextStream {
    private final long[] tokens;
    private final int streams;
    private final int length; // tokens per stream
    private final int window;

    public TextStream(long[] tokens, int streams, int window) {
        if (streams < 1 || window < 1) {
            throw new IllegalArgumentException("TextStream: streams and window must be >= 1, got " + streams + " and "
                    + window);
        }
        if (tokens.length / streams < 2) {
            throw new ShapeException("TextStream: " + tokens.length + " tokens are too few for " + streams
                    + " streams of at least 2 tokens (an input and its target)");
        }
        this.tokens = tokens;
        this.streams = streams;
        this.length = tokens.length / streams;
        this.window = window;
    }

    /** The number of windows: every token but each stream's last is an input once. */
    public int windows() {
        return (length - 1 + window - 1) / window;
    }

    /** Window i: inputs and targets, INT64 (B, T) with T = window, or less for the last one. */
    public Batch get(int i) {
        if (i < 0 || i >= windows()) {
            throw new IndexOutOfBoundsException("TextStream: window " + i + " of " + windows());
        }
        int start = i * window;
        int steps = Math.min(window, length - 1 - start);
        long[] in = new long[streams * steps];
        long[] out = new long[streams * steps];
        for (int b = 0; b < streams; b++) {
            System.arraycopy(tokens, b * length + start, in, b * steps, steps);
            System.arraycopy(tokens, b * length + start + 1, out, b * steps, steps);
        }
        return new Batch(Tensor.fromArray(in, streams, steps), Tensor.fromArray(out, streams, steps));
    }

    public int streams() {
        return streams;
    }

    /** Input tokens in all windows together. */
    public long tokens() {
        return (long) streams * (length - 1);
    }
}

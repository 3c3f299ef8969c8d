package dev.dendrite.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An all-reduce of float vectors between N processes joined in a ring over plain TCP (each holds a socket to the
 * next rank and one from the previous) that adds in a fixed order: every element's sum is formed left to right over
 * the ranks' vectors in rank order, each rank adding its own vectors in the order it passes them, exactly as one
 * process adding all of them one after another would. The vector travels in chunks, so rank r + 1 adds chunk c
 * while rank r adds chunk c + 1: partial sums go round from rank 0 to rank N - 1, and the finished chunks go on
 * round from rank N - 1 through rank 0 to rank N - 2. Each link carries about two vectors per sum.
 */
public final class RingAllReduce implements AutoCloseable {
    private final int rank;
    private final int size;
    private final Socket next;
    private final Socket previous;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dendrite-ring-send");
        t.setDaemon(true);
        return t;
    });

    private RingAllReduce(int rank, int size, Socket next, Socket previous) throws IOException {
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.previous = previous;
        this.out = next == null ? null : new DataOutputStream(new BufferedOutputStream(next.getOutputStream(), 1 << 16));
        this.in = previous == null ? null : new DataInputStream(new BufferedInputStream(previous.getInputStream(), 1 << 16));
    }

    /**
     * Rank {@code rank} of {@code addresses.size()}: {@code listening} is this rank's own socket, whose address is
     * {@code addresses.get(rank)}; connects to the next rank and accepts the previous one.
     */
    public static RingAllReduce connect(int rank, List<InetSocketAddress> addresses, ServerSocket listening)
            throws IOException {
        int size = addresses.size();
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("RingAllReduce: rank " + rank + " of " + size);
        }
        if (size == 1) {
            listening.close();
            return new RingAllReduce(0, 1, null, null);
        }
        Socket next = new Socket();
        InetSocketAddress target = addresses.get((rank + 1) % size);
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                next.connect(target, 10_000);
                break;
            } catch (IOException e) {
                if (System.nanoTime() > until) throw new IOException("RingAllReduce: rank " + rank
                        + " cannot reach rank " + (rank + 1) % size + " at " + target, e);
                next.close();
                next = new Socket();
                sleep();
            }
        }
        next.setTcpNoDelay(true);
        listening.setSoTimeout(60_000);
        Socket previous = listening.accept();
        previous.setTcpNoDelay(true);
        listening.close();
        return new RingAllReduce(rank, size, next, previous);
    }

    /** Replaces {@code v} by the element-wise sum of every rank's {@code v} (all ranks pass the same length). */
    public void sumInPlace(float[] v) {
        float[] sum = sumInOrder(List.of(v));
        System.arraycopy(sum, 0, v, 0, v.length);
    }

    /**
     * The element-wise sum, over the ranks in order and over each rank's {@code vectors} in order, added left to
     * right; every rank passes at least one vector, all of one common length, and gets the same sum.
     */
    public float[] sumInOrder(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("RingAllReduce: every rank passes at least one vector");
        }
        int length = vectors.getFirst().length;
        for (float[] v : vectors) {
            if (v.length != length) {
                throw new IllegalArgumentException("RingAllReduce: vectors of " + v.length + " and " + length + " values");
            }
        }
        if (size == 1) return addInOrder(null, vectors, 0, length);
        int chunks = Math.max(1, Math.min(4 * size, length));
        float[] sum = new float[length];
        List<Future<?>> sends = new ArrayList<>();
        try {
            for (int c = 0; c < chunks; c++) {
                int from = chunkStart(c, chunks, length);
                int to = chunkStart(c + 1, chunks, length);
                float[] partial = addInOrder(rank == 0 ? null : readChunk(c, to - from), vectors, from, to);
                if (rank == size - 1) System.arraycopy(partial, 0, sum, from, partial.length);
                sends.add(send(c, partial));
            }
            if (rank < size - 1) {
                for (int c = 0; c < chunks; c++) {
                    int from = chunkStart(c, chunks, length);
                    float[] finished = readChunk(c, chunkStart(c + 1, chunks, length) - from);
                    System.arraycopy(finished, 0, sum, from, finished.length);
                    if (rank < size - 2) sends.add(send(c, finished));
                }
            }
            for (Future<?> f : sends) f.get();
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException("RingAllReduce: rank " + rank + " lost its ring", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("RingAllReduce: interrupted", e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("RingAllReduce: rank " + rank + " could not send",
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    /** {@code start} (or nothing) plus each vector's elements from..to, added left to right. */
    private static float[] addInOrder(float[] start, List<float[]> vectors, int from, int to) {
        float[] out = start;
        for (float[] v : vectors) {
            if (out == null) {
                out = Arrays.copyOfRange(v, from, to);
            } else {
                for (int i = from; i < to; i++) out[i - from] += v[i];
            }
        }
        return out;
    }

    private static int chunkStart(int chunk, int chunks, int length) {
        return (int) ((long) chunk * length / chunks);
    }

    private Future<?> send(int chunk, float[] values) {
        return sender.submit(() -> {
            out.writeInt(chunk);
            out.writeInt(values.length);
            for (float x : values) out.writeFloat(x);
            out.flush();
            return null;
        });
    }

    private float[] readChunk(int expected, int length) throws IOException {
        int chunk = in.readInt();
        int count = in.readInt();
        if (chunk != expected || count != length) {
            throw new IOException("RingAllReduce: rank " + rank + " expected chunk " + expected + " of " + length
                    + " values, got chunk " + chunk + " of " + count + "; do all ranks pass vectors of one length?");
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = in.readFloat();
        return values;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        if (next != null) next.close();
        if (previous != null) previous.close();
    }
}

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
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A ring all-reduce of float vectors between N processes over plain TCP: each holds a socket to the next rank and
 * one from the previous; the vector is cut into N chunks, summed around the ring (N - 1 reduce-scatter steps)
 * and the sums passed around again (N - 1 all-gather steps), so each process sends 2 (N - 1) / N of the vector
 * whatever N is. Chunk c is always summed in the same order (starting at rank c + 1), so every run with the same
 * N gives the same bits, and every rank ends with the same sum.
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
        if (size == 1) return;
        int n = v.length;
        try {
            for (int step = 0; step < size - 1; step++) {
                int send = Math.floorMod(rank - step, size);
                int receive = Math.floorMod(rank - step - 1, size);
                Future<?> sent = sendChunk(v, send, n);
                float[] incoming = readChunk(receive, n);
                int from = chunkStart(receive, n);
                for (int i = 0; i < incoming.length; i++) v[from + i] += incoming[i];
                sent.get();
            }
            for (int step = 0; step < size - 1; step++) {
                int send = Math.floorMod(rank + 1 - step, size);
                int receive = Math.floorMod(rank - step, size);
                Future<?> sent = sendChunk(v, send, n);
                float[] incoming = readChunk(receive, n);
                System.arraycopy(incoming, 0, v, chunkStart(receive, n), incoming.length);
                sent.get();
            }
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

    private int chunkStart(int chunk, int n) {
        return (int) ((long) chunk * n / size);
    }

    private Future<?> sendChunk(float[] v, int chunk, int n) {
        int from = chunkStart(chunk, n);
        int to = chunkStart(chunk + 1, n);
        float[] copy = java.util.Arrays.copyOfRange(v, from, to);
        return sender.submit(() -> {
            out.writeInt(chunk);
            out.writeInt(copy.length);
            for (float x : copy) out.writeFloat(x);
            out.flush();
            return null;
        });
    }

    private float[] readChunk(int expected, int n) throws IOException {
        int chunk = in.readInt();
        int length = in.readInt();
        int want = chunkStart(expected + 1, n) - chunkStart(expected, n);
        if (chunk != expected || length != want) {
            throw new IOException("RingAllReduce: rank " + rank + " expected chunk " + expected + " of " + want
                    + " values, got chunk " + chunk + " of " + length);
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

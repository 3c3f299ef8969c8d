package dev.dendrite.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Scalars in TensorBoard's event-file format, so `tensorboard --logdir runs` shows a run's curves. The file is a
 * sequence of TFRecords (length as uint64 little-endian, masked CRC32C of the length, the bytes, masked CRC32C of
 * the bytes; mask = ((crc &gt;&gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8) holding Event protocol buffers: first
 * one with file_version "brain.Event:2", then one per scalar: wall_time (field 1, double), step (2, varint),
 * summary (5) with one value (1) of tag (1, string) and simple_value (2, float). Written by hand: the format is ~40
 * lines.
 */
public final class TensorBoardWriter implements AutoCloseable {
    private final Path file;
    private final OutputStream out;

    /** Opens a new event file in {@code dir} (named as TensorBoard expects, events.out.tfevents.SECONDS.HOST). */
    public TensorBoardWriter(Path dir) throws IOException {
        Files.createDirectories(dir);
        long now = System.currentTimeMillis();
        String host = java.net.InetAddress.getLoopbackAddress().getHostName();
        Path candidate = dir.resolve("events.out.tfevents." + now / 1000 + "." + host);
        for (int n = 1; Files.exists(candidate); n++) {
            candidate = dir.resolve("events.out.tfevents." + now / 1000 + "." + host + "." + n);
        }
        this.file = candidate;
        this.out = new BufferedOutputStream(Files.newOutputStream(candidate));
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        double64(event, 1, now / 1000.0);
        bytes(event, 3, "brain.Event:2".getBytes(StandardCharsets.UTF_8));
        record(event.toByteArray());
        out.flush();
    }

    public Path file() {
        return file;
    }

    /** Adds the value of {@code tag} at {@code step}. */
    public void scalar(String tag, double value, long step) throws IOException {
        ByteArrayOutputStream summaryValue = new ByteArrayOutputStream();
        bytes(summaryValue, 1, tag.getBytes(StandardCharsets.UTF_8));
        float32(summaryValue, 2, (float) value);
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        bytes(summary, 1, summaryValue.toByteArray());
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        double64(event, 1, System.currentTimeMillis() / 1000.0);
        varint(event, 2 << 3, step);
        bytes(event, 5, summary.toByteArray());
        record(event.toByteArray());
    }

    /** Makes what was added visible to a reader. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void record(byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        out.write(length);
        out.write(le32(maskedCrc(length)));
        out.write(data);
        out.write(le32(maskedCrc(data)));
    }

    /** TFRecord's masked CRC32C. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static void varint(ByteArrayOutputStream out, long key, long value) {
        rawVarint(out, key);
        rawVarint(out, value);
    }

    private static void rawVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void double64(ByteArrayOutputStream out, int field, double v) {
        rawVarint(out, (long) field << 3 | 1);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
    }

    private static void float32(ByteArrayOutputStream out, int field, float v) {
        rawVarint(out, (long) field << 3 | 5);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] v) {
        rawVarint(out, (long) field << 3 | 2);
        rawVarint(out, v.length);
        out.writeBytes(v);
    }
}

// TensorBoard event files read back by an independent decoder of the TFRecord framing and the Event fields:
// lengths and masked CRC32Cs check, the version record comes first, then each scalar with its tag, value and step.
package dev.dendrite.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorBoardWriterTest {
    @TempDir
    Path dir;

    @Test
    void theMaskedCrcIsTensorFlowsOnTheCrc32cCheckValue() {
        // CRC32C("123456789") = 0xE3069283; masked: rotate right by 15, add 0xa282ead8.
        int crc = 0xE3069283;
        assertEquals(((crc >>> 15) | (crc << 17)) + 0xa282ead8,
                TensorBoardWriter.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void scalarsReadBackWithTheirTagsValuesAndSteps() throws IOException {
        Path file;
        try (TensorBoardWriter w = new TensorBoardWriter(dir)) {
            w.scalar("train_loss", 0.5, 1);
            w.scalar("test_accuracy", 0.975, 300);
            file = w.file();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (b.hasRemaining()) {
            long length = b.getLong();
            byte[] lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
            assertEquals(TensorBoardWriter.maskedCrc(lengthBytes), b.getInt(), "length CRC");
            byte[] data = new byte[(int) length];
            b.get(data);
            assertEquals(TensorBoardWriter.maskedCrc(data), b.getInt(), "data CRC");
            records.add(data);
        }
        assertEquals(3, records.size());
        assertTrue(new String(records.get(0), StandardCharsets.UTF_8).contains("brain.Event:2"));
        assertEquals("train_loss 0.5 1", decode(records.get(1)));
        assertEquals("test_accuracy 0.975 300", decode(records.get(2)));
    }

    /** "tag value step" of an Event holding one scalar: fields wall_time(1), step(2), summary(5){value(1){tag(1), simple_value(2)}}. */
    private static String decode(byte[] event) {
        ByteBuffer b = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
        long step = 0;
        String scalar = null;
        while (b.hasRemaining()) {
            int key = (int) varint(b);
            switch (key) {
                case (1 << 3) | 1 -> b.getDouble();
                case (2 << 3) -> step = varint(b);
                case (5 << 3) | 2 -> {
                    ByteBuffer summary = slice(b);
                    assertEquals((1 << 3) | 2, varint(summary));
                    ByteBuffer value = slice(summary);
                    assertEquals((1 << 3) | 2, varint(value));
                    ByteBuffer tag = slice(value);
                    assertEquals((2 << 3) | 5, varint(value));
                    scalar = StandardCharsets.UTF_8.decode(tag) + " " + value.order(ByteOrder.LITTLE_ENDIAN).getFloat();
                }
                default -> throw new AssertionError("unexpected field key " + key);
            }
        }
        return scalar + " " + step;
    }

    private static ByteBuffer slice(ByteBuffer b) {
        int n = (int) varint(b);
        ByteBuffer s = b.slice(b.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + n);
        return s;
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b.get() & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
    }
}

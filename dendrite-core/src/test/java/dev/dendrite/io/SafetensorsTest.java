// Round trips, a file written by the Python safetensors library, and every validation rule on crafted files.
package dev.dendrite.io;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesDtypesShapesValuesAndMetadata() throws IOException {
        Generator g = new Generator(1);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", Tensor.randn(g, 3, 4));
        tensors.put("transposed", Tensor.randn(g, 2, 5).t());
        tensors.put("double", Tensor.normal(g, 0, 1, DType.FLOAT64, 7));
        tensors.put("ids", Tensor.arange(5));
        tensors.put("scalar", Tensor.scalar(2.5));
        tensors.put("empty", Tensor.zeros(0, 3));
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(file, tensors, Map.of("epoch", "3"));
        Safetensors.Contents back = Safetensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        tensors.forEach((k, v) -> {
            Tensor r = back.tensors().get(k);
            assertEquals(v.dtype(), r.dtype(), k);
            assertEquals(v.shape(), r.shape(), k);
            assertTrue(r.allClose(v, 0, 0), k);
        });
        assertEquals("3", back.metadata().get("epoch"));
        assertEquals(0, headerLength(file) % 8, "header padded to 8 bytes");
    }

    private static long headerLength(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void sameContentsGiveSameBytesWhateverTheMetadataOrder() throws IOException {
        Map<String, Tensor> tensors = Map.of("w", Tensor.arange(6).reshape(2, 3));
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        Safetensors.write(dir.resolve("ab.safetensors"), tensors, ab);
        Safetensors.write(dir.resolve("ba.safetensors"), tensors, ba);
        assertArrayEquals(Files.readAllBytes(dir.resolve("ab.safetensors")), Files.readAllBytes(dir.resolve("ba.safetensors")));
    }

    @Test
    void readsAFileWrittenByThePythonSafetensorsLibrary() throws IOException {
        // Written by safetensors 0.8.0 (fixtures/make_safetensors_fixture.py), which also reads Dendrite's files.
        Path file = dir.resolve("library.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/library-written.safetensors")) {
            Files.copy(in, file);
        }
        Safetensors.Contents c = Safetensors.read(file);
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, c.tensors().get("linear.weight").toFloatArray());
        assertEquals(List.of(2, 3), List.of(c.tensors().get("linear.weight").size(0), c.tensors().get("linear.weight").size(1)));
        assertArrayEquals(new float[] {-1.5f, 2.25f}, c.tensors().get("linear.bias").toFloatArray());
        assertEquals(42L, c.tensors().get("steps").toLongArray()[0]);
        assertEquals(0, c.tensors().get("steps").rank());
        assertEquals(1.0 / 3, c.tensors().get("precise").get(0, 0));
        assertEquals("pt", c.metadata().get("format"));
    }

    /** Writes 8-byte length + header + data bytes as given. */
    private Path crafted(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, b.array());
        return file;
    }

    private void rejects(String header, int dataBytes, String fragment) throws IOException {
        Path file = crafted(header, dataBytes);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains(fragment) && e.getMessage().contains("bad.safetensors"), e.getMessage());
    }

    @Test
    void malformedFilesGiveTypedErrorsNamingTheProblem() throws IOException {
        String ok = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        rejects("{" + ok + "}", 4, "cover 8 bytes but the file holds 4");
        rejects("{" + ok + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "overlapping");
        rejects("{" + ok + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16, "a gap");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes");
        rejects("{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8, "BF16");
        rejects("{\"a\":{\"dtype\":\"Q9\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8, "unknown dtype");
        rejects("{" + ok + "," + ok + "}", 8, "duplicate key");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8, "invalid shape");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "invalid data_offsets");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "exactly dtype");
        rejects("{\"a\":", 8, "not valid JSON");
        rejects("[1,2]", 0, "must be a JSON object");
        rejects("{\"__metadata__\":{\"k\":1}}", 0, "not a string");
        Path tooLong = dir.resolve("bad.safetensors");
        Files.write(tooLong, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(tooLong));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
        Files.write(tooLong, new byte[3]);
        assertThrows(SafetensorsException.class, () -> Safetensors.read(tooLong));
    }

    @Test
    void bytesInMemoryAreTheBytesOfTheFile() throws IOException {
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[][] {{1, 2}, {3, 4}}));
        tensors.put("ids", Tensor.fromArray(new long[] {7, -1}));
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, tensors, Map.of("kind", "test"));
        byte[] bytes = Safetensors.encode(tensors, Map.of("kind", "test"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.nio.file.Files.readAllBytes(file), bytes);
        Safetensors.Contents back = Safetensors.decode(bytes, "message");
        assertEquals(Map.of("kind", "test"), back.metadata());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {7, -1}, back.tensors().get("ids").toLongArray());
        bytes[6] = 0x01; // little-endian: a header length of 2^48 and more, past the end
        SafetensorsException e = org.junit.jupiter.api.Assertions.assertThrows(SafetensorsException.class,
                () -> Safetensors.decode(bytes, "message"));
        assertTrue(e.getMessage().startsWith("message: header length"), e.getMessage());
    }

    @Test
    void aTensorLargerThanAnArrayIsRefusedBeforeAllocating() throws IOException {
        long bytes = 300_000_000L * 8;
        rejects("{\"t\":{\"dtype\":\"F64\",\"shape\":[300000000],\"data_offsets\":[0," + bytes + "]}}", 0,
                "more than one Java array can hold");
    }
}

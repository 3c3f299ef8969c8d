package dev.dendrite.io;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors): 8-byte little-endian header length N, N bytes of JSON {"name":
 * {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the raw little-endian data.
 * Reading validates the whole header before allocating any tensor; writing is atomic (AtomicFile). encode/decode
 * give the same bytes in memory, for messages between processes.
 */
public final class Safetensors {
    /** Largest header accepted (the reference implementation's limit is 100 MB). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    private Safetensors() {}

    /** What a file holds: tensors by name, in file order, and the free-form string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    private static String code(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
        };
    }

    private static DType dtypeOf(String code, String file, String name) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I64" -> DType.INT64;
            case "F16", "BF16", "F8_E4M3", "F8_E5M2", "I8", "I16", "I32", "U8", "U16", "U32", "U64", "BOOL" ->
                    throw new SafetensorsException(file + ": tensor '" + name + "' has dtype " + code
                            + ", which Dendrite does not support yet (supported: F32, F64, I64)");
            default -> throw new SafetensorsException(file + ": tensor '" + name + "' has unknown dtype '" + code + "'");
        };
    }

    /**
     * Writes the tensors (any layout; stored contiguous, in the map's order) and metadata (sorted by key, so that the
     * same contents give the same bytes whatever the map's iteration order) to {@code file}, atomically.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFile.write(file, ch -> writeTo(ch, file.toString(), tensors, metadata));
    }

    /** The same bytes {@link #write} puts in a file, for messages between processes. */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(out), "safetensors message", tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // NOTE: a ByteArrayOutputStream never throws
        }
        return out.toByteArray();
    }

    private static void writeTo(WritableByteChannel ch, String name, Map<String, Tensor> tensors,
                                Map<String, String> metadata) throws IOException {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":{");
            int i = 0;
            for (var e : new java.util.TreeMap<>(metadata).entrySet()) {
                header.append(i++ == 0 ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            }
            header.append('}');
        }
        long offset = 0;
        List<Tensor> ordered = new ArrayList<>();
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new SafetensorsException(name + ": '__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue().detach().contiguous();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            header.append(header.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(":{\"dtype\":\"")
                    .append(code(t.dtype())).append("\",\"shape\":").append(java.util.Arrays.toString(t.dims()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            ordered.add(t);
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        writeFully(ch, head.flip());
        for (Tensor t : ordered) {
            writeFully(ch, encode(t));
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static ByteBuffer encode(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.numel() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        int off = t.offset();
        int n = t.numel();
        switch (t.storage()) {
            case Storage.F32 s -> b.asFloatBuffer().put(s.data, off, n);
            case Storage.F64 s -> b.asDoubleBuffer().put(s.data, off, n);
            case Storage.I64 s -> b.asLongBuffer().put(s.data, off, n);
        }
        return b;
    }

    /** Reads and validates {@code file}. Malformed files throw SafetensorsException naming the file and problem. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file.toString(), Source.of(ch));
        }
    }

    /** Reads and validates bytes that {@link #encode} made; {@code name} says where they came from in messages. */
    public static Contents decode(byte[] bytes, String name) {
        try {
            return read(name, Source.of(ByteBuffer.wrap(bytes)));
        } catch (IOException e) {
            throw new SafetensorsException(name + ": " + e.getMessage());
        }
    }

    /** The string metadata of {@code file}, after validating its whole header but without reading any tensor. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file.toString(), Source.of(ch)).metadata();
        }
    }

    private static Contents read(String name, Source source) throws IOException {
        Header header = readHeader(name, source);
        long needed = header.entries().stream().mapToLong(e -> e.end() - e.begin()).sum();
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw new SafetensorsException(name + ": its tensors need " + needed + " bytes, more than this JVM's"
                    + " largest heap of " + heap + " bytes (raise -Xmx, or check that the file is the one you meant)");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : header.entries()) {
            long at = 8 + header.length() + e.begin();
            tensors.put(e.name(), decode(e, source.read(at, (int) (e.end() - e.begin()))));
        }
        return new Contents(tensors, header.metadata());
    }

    /** Random access to the bytes of a file or of an array. */
    private interface Source {
        long size() throws IOException;

        ByteBuffer read(long position, int length) throws IOException;

        static Source of(FileChannel ch) {
            return new Source() {
                public long size() throws IOException {
                    return ch.size();
                }

                public ByteBuffer read(long position, int length) throws IOException {
                    ByteBuffer b = ByteBuffer.allocate(length);
                    while (b.hasRemaining()) {
                        if (ch.read(b, position + b.position()) < 0) {
                            throw new IOException("unexpected end of file");
                        }
                    }
                    return b.flip();
                }
            };
        }

        static Source of(ByteBuffer bytes) {
            return new Source() {
                public long size() {
                    return bytes.capacity();
                }

                public ByteBuffer read(long position, int length) {
                    return bytes.slice((int) position, length);
                }
            };
        }
    }

    /** A validated header: its byte length, the tensor entries and the metadata. */
    private record Header(long length, List<Entry> entries, Map<String, String> metadata) {}

    private static Header readHeader(String file, Source source) throws IOException {
        long size = source.size();
        if (size < 8) {
            throw new SafetensorsException(file + ": " + size + " bytes is too short for a safetensors file"
                    + " (it needs at least the 8-byte header length)");
        }
        long headerLength = source.read(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw new SafetensorsException(file + ": header length " + Long.toUnsignedString(headerLength)
                    + " is invalid for a file of " + size + " bytes (limit " + MAX_HEADER_BYTES + ")");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(source.read(8, (int) headerLength)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file + ": the header is not valid UTF-8");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(file, json, size - 8 - headerLength, metadata);
        return new Header(headerLength, entries, metadata);
    }

    private static Tensor decode(Entry e, ByteBuffer bytes) {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        Tensor t = Tensor.empty(e.dtype(), e.shape());
        switch (t.storage()) {
            case Storage.F32 s -> bytes.asFloatBuffer().get(s.data);
            case Storage.F64 s -> bytes.asDoubleBuffer().get(s.data);
            case Storage.I64 s -> bytes.asLongBuffer().get(s.data);
        }
        return t;
    }

    private static List<Entry> parseHeader(String file, String json, long dataSize, Map<String, String> metadata) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.SyntaxError e) {
            throw new SafetensorsException(file + ": the header is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new SafetensorsException(file + ": the header must be a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (var e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> meta)) {
                    throw new SafetensorsException(file + ": __metadata__ must be an object of strings");
                }
                for (var m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw new SafetensorsException(file + ": __metadata__ value for '" + m.getKey() + "' is not a string");
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            entries.add(entry(file, name, e.getValue()));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new SafetensorsException(file + ": tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " of the data but the previous tensor ends at " + expected
                        + (e.begin() < expected ? " (overlapping ranges)" : " (a gap)"));
            }
            expected = e.end();
        }
        if (expected != dataSize) {
            throw new SafetensorsException(file + ": the tensors cover " + expected + " bytes but the file holds "
                    + dataSize + " bytes of data");
        }
        return entries;
    }

    private static Entry entry(String file, String name, Object value) {
        if (!(value instanceof Map<?, ?> info) || !(info.get("dtype") instanceof String dtypeCode)
                || !(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offsets)
                || offsets.size() != 2 || info.size() != 3) {
            throw new SafetensorsException(file + ": tensor '" + name + "' must be an object with exactly dtype (string),"
                    + " shape (array) and data_offsets ([begin, end])");
        }
        DType dtype = dtypeOf(dtypeCode, file, name);
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new SafetensorsException(file + ": tensor '" + name + "' has an invalid shape " + shapeList);
            }
            shape[i] = (int) (long) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE) {
                throw new SafetensorsException(file + ": tensor '" + name + "' with shape " + shapeList
                        + " has more than 2^31-1 elements");
            }
        }
        if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw new SafetensorsException(file + ": tensor '" + name + "' has invalid data_offsets " + offsets);
        }
        if (numel * dtype.byteSize() > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(file + ": tensor '" + name + "' with shape " + shapeList + " and dtype "
                    + dtypeCode + " has " + numel * dtype.byteSize() + " bytes, more than one Java array can hold");
        }
        if (end - begin != numel * dtype.byteSize()) {
            throw new SafetensorsException(file + ": tensor '" + name + "' of dtype " + dtypeCode + " and shape " + shapeList
                    + " needs " + numel * dtype.byteSize() + " bytes but data_offsets " + offsets + " span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }
}

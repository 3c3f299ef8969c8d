package dev.dendrite.data;

import dev.dendrite.io.AtomicFile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word vectors in the original word2vec tool's formats, which gensim reads and writes too: text (a line
 * "{@code count dim}", then "{@code word v1 ... vdim}" per word) and binary (the same header line, then per word its
 * UTF-8 bytes, a space and dim little-endian float32 values, optionally a newline). Words keep the file's order,
 * most frequent first as word2vec writes them. Queries work on unit-length copies: nearest neighbours and
 * analogies by cosine similarity.
 */
public final class WordVectors {
    private final List<String> words;
    private final Map<String, Integer> index;
    private final int dim;
    private final float[] vectors;
    private final float[] unit;

    /** Words with their vectors, {@code vectors} row-major (words.size() x dim). */
    public WordVectors(List<String> words, int dim, float[] vectors) {
        if (dim < 1 || vectors.length != (long) words.size() * dim) {
            throw new DataFormatException("word vectors: " + words.size() + " words of dimension " + dim + " need "
                    + (long) words.size() * dim + " values, got " + vectors.length);
        }
        this.words = List.copyOf(words);
        this.index = new HashMap<>();
        for (String w : this.words) {
            if (index.put(w, index.size()) != null) {
                throw new DataFormatException("word vectors: the word '" + w + "' appears twice");
            }
        }
        this.dim = dim;
        this.vectors = vectors.clone();
        this.unit = new float[vectors.length];
        for (int i = 0; i < words.size(); i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += (double) vectors[i * dim + d] * vectors[i * dim + d];
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int d = 0; d < dim; d++) {
                unit[i * dim + d] = (float) (vectors[i * dim + d] * inv);
            }
        }
    }

    public List<String> words() {
        return words;
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return words.size();
    }

    /** The index of {@code word}, or -1. */
    public int indexOf(String word) {
        return index.getOrDefault(word, -1);
    }

    /** A copy of the vector of {@code word}; an unknown word is an error naming it. */
    public float[] vector(String word) {
        int i = require(word);
        float[] out = new float[dim];
        System.arraycopy(vectors, i * dim, out, 0, dim);
        return out;
    }

    private int require(String word) {
        int i = indexOf(word);
        if (i < 0) {
            throw new DataFormatException("'" + word + "' is not in the vocabulary of " + words.size() + " words");
        }
        return i;
    }

    /** Cosine similarity of two words. */
    public double similarity(String a, String b) {
        return dot(unit, require(a) * dim, unit, require(b) * dim);
    }

    /** A word and its cosine similarity to a query. */
    public record Neighbour(String word, double similarity) {}

    /** The {@code count} words nearest to {@code word}, itself excluded. */
    public List<Neighbour> nearest(String word, int count) {
        return mostSimilar(List.of(word), List.of(), count, words.size());
    }

    /**
     * The words nearest to the mean of the unit vectors of {@code positive} minus those of {@code negative} (3CosAdd,
     * as gensim's most_similar), among the first {@code restrict} words, the query words excluded. king - man + woman:
     * positive (king, woman), negative (man).
     */
    public List<Neighbour> mostSimilar(List<String> positive, List<String> negative, int count, int restrict) {
        double[] mean = new double[dim];
        List<Integer> used = new ArrayList<>();
        for (String w : positive) {
            int i = require(w);
            used.add(i);
            for (int d = 0; d < dim; d++) mean[d] += unit[i * dim + d];
        }
        for (String w : negative) {
            int i = require(w);
            used.add(i);
            for (int d = 0; d < dim; d++) mean[d] -= unit[i * dim + d];
        }
        double norm = 0;
        for (double v : mean) norm += v * v;
        float[] query = new float[dim];
        for (int d = 0; d < dim; d++) query[d] = (float) (mean[d] / Math.sqrt(Math.max(norm, 1e-300)));
        int limit = Math.min(restrict, words.size());
        List<Neighbour> best = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            if (used.contains(i)) {
                continue;
            }
            double s = dot(unit, i * dim, query, 0);
            if (best.size() < count || s > best.getLast().similarity()) {
                best.add(new Neighbour(words.get(i), s));
                best.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
                if (best.size() > count) {
                    best.removeLast();
                }
            }
        }
        return best;
    }

    private double dot(float[] a, int aOff, float[] b, int bOff) {
        double s = 0;
        for (int d = 0; d < dim; d++) s += (double) a[aOff + d] * b[bOff + d];
        return s;
    }

    /** Writes the text format (atomically: a reader sees the old file or the whole new one). */
    public void writeText(Path file) throws IOException {
        AtomicFile.write(file, channel -> {
            var out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
            out.write(words.size() + " " + dim + "\n");
            for (int i = 0; i < words.size(); i++) {
                out.write(words.get(i));
                for (int d = 0; d < dim; d++) {
                    out.write(' ');
                    out.write(Float.toString(vectors[i * dim + d]));
                }
                out.write('\n');
            }
            out.flush();
        });
    }

    /** Writes the binary format (a newline after each vector, as word2vec.c writes it), atomically. */
    public void writeBinary(Path file) throws IOException {
        AtomicFile.write(file, channel -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            out.write((words.size() + " " + dim + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer row = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < words.size(); i++) {
                out.write((words.get(i) + " ").getBytes(StandardCharsets.UTF_8));
                row.clear();
                for (int d = 0; d < dim; d++) row.putFloat(vectors[i * dim + d]);
                out.write(row.array());
                out.write('\n');
            }
            out.flush();
        });
    }

    /** Reads either format: text when the file's first kilobytes are NUL-free UTF-8 lines, binary otherwise. */
    public static WordVectors read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        int firstNewline = indexOf(head, (byte) '\n', 0);
        int[] header = header(file, firstNewline < 0 ? new String(head, StandardCharsets.UTF_8)
                : new String(head, 0, firstNewline, StandardCharsets.UTF_8));
        return looksLikeText(head) ? readText(file, header) : readBinary(file, header);
    }

    /** Raw float32 values hold NUL bytes or invalid UTF-8 almost surely; text lines never do. */
    private static boolean looksLikeText(byte[] head) {
        int end = head.length;
        while (end > 0 && head[end - 1] != '\n') {
            end--; // a multi-byte character may be cut at the end of the chunk
        }
        for (int i = 0; i < end; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) return i;
        }
        return -1;
    }

    private static int[] header(Path file, String line) {
        String[] f = line.strip().split(" ");
        try {
            if (f.length == 2) {
                int count = Integer.parseInt(f[0]);
                int dim = Integer.parseInt(f[1]);
                if (count >= 0 && dim >= 1) {
                    return new int[] {count, dim};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFormatException(file + ": the first line must be 'COUNT DIMENSION' (two positive integers), got '"
                + (line.length() > 60 ? line.substring(0, 57) + "..." : line) + "'");
    }

    private static WordVectors readText(Path file, int[] header) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int count = header[0];
        int dim = header[1];
        if (lines.size() - 1 < count) {
            throw new DataFormatException(file + ": the header announces " + count + " words but the file has "
                    + (lines.size() - 1));
        }
        List<String> words = new ArrayList<>();
        float[] vectors = new float[count * dim];
        for (int i = 0; i < count; i++) {
            String[] f = lines.get(i + 1).strip().split(" ");
            if (f.length != dim + 1) {
                throw new DataFormatException(file + ": line " + (i + 2) + " has " + (f.length - 1) + " values, the header"
                        + " says " + dim);
            }
            words.add(f[0]);
            for (int d = 0; d < dim; d++) {
                try {
                    vectors[i * dim + d] = Float.parseFloat(f[d + 1]);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file + ": line " + (i + 2) + ": '" + f[d + 1] + "' is not a number");
                }
            }
        }
        return new WordVectors(words, dim, vectors);
    }

    private static WordVectors readBinary(Path file, int[] header) throws IOException {
        int count = header[0];
        int dim = header[1];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (in.readByte() != '\n') {
                // skip the header line
            }
            List<String> words = new ArrayList<>();
            float[] vectors = new float[count * dim];
            byte[] row = new byte[4 * dim];
            java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                word.reset();
                for (int b = in.readByte(); b != ' '; b = in.readByte()) {
                    if (b != '\n') {
                        word.write(b);
                    }
                }
                words.add(word.toString(StandardCharsets.UTF_8));
                in.readFully(row);
                ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vectors, i * dim, dim);
            }
            return new WordVectors(words, dim, vectors);
        } catch (EOFException e) {
            throw new DataFormatException(file + ": the file ends before the " + count + " vectors of dimension " + dim
                    + " its header announces");
        }
    }

    /** A lower-cased copy of these vectors (the first of words equal but for case wins), for case-free queries. */
    public WordVectors lowerCased() {
        List<String> lower = new ArrayList<>();
        List<Integer> keep = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if (seen.add(w)) {
                lower.add(w);
                keep.add(i);
            }
        }
        float[] v = new float[keep.size() * dim];
        for (int k = 0; k < keep.size(); k++) {
            System.arraycopy(vectors, keep.get(k) * dim, v, k * dim, dim);
        }
        return new WordVectors(lower, dim, v);
    }
}

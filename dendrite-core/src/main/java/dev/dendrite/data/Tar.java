package dev.dendrite.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regular files of a tar archive (POSIX ustar or GNU), gzip-compressed or not, read in one pass: enough to use
 * corpora shipped as .tar.gz without unpacking them. Directories, links and other entries are skipped.
 */
public final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /** Every regular file's path and bytes, in archive order. */
    public static Map<String, byte[]> readFiles(Path archive) throws IOException {
        try (DataInputStream in = new DataInputStream(Idx.open(archive))) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            byte[] header = new byte[BLOCK];
            while (true) {
                if (!readBlock(in, header, archive) || isZero(header)) {
                    return files;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = octal(header, 124, 12, archive);
                byte type = header[156];
                if (size > Integer.MAX_VALUE - BLOCK) {
                    throw new DataFormatException(archive + ": entry " + name + " is too large (" + size + " bytes)");
                }
                byte[] data = new byte[(int) size];
                try {
                    in.readFully(data);
                    in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                } catch (EOFException e) {
                    throw new DataFormatException(archive + ": truncated tar archive (entry " + name + " ends early)");
                }
                if (type == '0' || type == 0) {
                    files.put(prefix.isEmpty() ? name : prefix + "/" + name, data);
                }
            }
        }
    }

    /** Reads one header block; false at a clean end of file (an archive without end-of-archive blocks). */
    private static boolean readBlock(DataInputStream in, byte[] block, Path archive) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new DataFormatException(archive + ": truncated tar archive (a header of " + n + " bytes)");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) return false;
        }
        return true;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len, Path archive) {
        String s = field(h, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DataFormatException(archive + ": bad tar header (size field '" + s + "')");
        }
    }
}

package dev.dendrite.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files replaced all at once: the new contents go to a temporary file beside the target
 * (".NAME&lt;random&gt;.tmp"), are forced to disk and renamed over it, so a reader or a crash sees the old file or
 * the new one, never a mix. The temporary file is removed on every failure this process survives; deleteStale
 * removes those of a process that was killed.
 */
public final class AtomicFile {
    private static final String SUFFIX = ".tmp";

    private AtomicFile() {}

    /** Writes the contents of a file to a channel. */
    @FunctionalInterface
    public interface Body {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Replaces {@code file} with what {@code body} writes. */
    public static void write(Path file, Body body) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        FileChannel created = null;
        while (created == null) {
            tmp = dir.resolve(prefix(file) + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + SUFFIX);
            try {
                // Created as a plain write creates a file: its permissions follow the user's umask.
                created = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary: draw another name
            }
        }
        try {
            try (FileChannel ch = created) {
                keepPermissions(file, tmp);
                body.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A file that is replaced keeps its permissions, as it would under a plain write (where there are any). */
    private static void keepPermissions(Path file, Path tmp) throws IOException {
        if (Files.exists(file) && Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        }
    }

    /** Replaces {@code file} with {@code bytes}. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /**
     * Deletes the temporary files that writes of {@code file} left behind when their process was killed; call it
     * only while no other process writes {@code file}. Returns how many were deleted.
     */
    public static int deleteStale(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (var stale = Files.newDirectoryStream(dir, prefix(file) + "*" + SUFFIX)) {
            for (Path p : stale) {
                deleted += Files.deleteIfExists(p) ? 1 : 0;
            }
        }
        return deleted;
    }

    private static String prefix(Path file) {
        return "." + file.getFileName();
    }
}

// Atomic replacement: the new bytes or the old, no temporary left behind by a failed write, stale ones removed.
package dev.dendrite.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("metrics.csv");
        AtomicFile.write(file, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> AtomicFile.write(file, ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {9}));
            throw new IOException("No space left on device");
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void staleTemporariesOfAFileAreDeletedAndOthersKept() throws IOException {
        Path file = dir.resolve("checkpoint.safetensors");
        Files.writeString(dir.resolve(".checkpoint.safetensors123.tmp"), "x");
        Files.writeString(dir.resolve(".best.safetensors9.tmp"), "x");
        assertEquals(1, AtomicFile.deleteStale(file));
        assertTrue(Files.exists(dir.resolve(".best.safetensors9.tmp")));
    }
}

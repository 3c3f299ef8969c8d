// Turns what went wrong into the one line the user sees: the message of Dendrite's typed errors, the file and
// reason of I/O errors (the JDK's own messages often name neither), and for a bug the exception's class with a
// pointer to --debug.
package dev.dendrite.cli;

import dev.dendrite.tensor.DendriteException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

final class UserErrors {
    private UserErrors() {}

    /** 2 for errors the user can cause (input, files, resources), 1 for a bug. */
    static int status(Throwable e) {
        return isUserError(unwrap(e)) ? 2 : 1;
    }

    static String describe(Throwable e) {
        Throwable t = unwrap(e);
        return switch (t) {
            case NoSuchFileException f -> f.getFile() + ": no such file or directory";
            case AccessDeniedException f -> f.getFile() + ": permission denied";
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
            case OutOfMemoryError m -> "out of memory (this JVM's heap is at most "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): use a smaller model or batch size";
            default -> isUserError(t) ? t.getMessage() : "internal error: " + t + " (rerun with --debug for the stack trace)";
        };
    }

    private static boolean isUserError(Throwable t) {
        return t instanceof DendriteException || t instanceof IllegalArgumentException || t instanceof IOException
                || t instanceof OutOfMemoryError;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

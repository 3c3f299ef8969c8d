package dev.dendrite.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into word and punctuation tokens, Unicode-aware: HTML tags (IMDB's {@code <br />}) become spaces, the
 * text is lower-cased unless told otherwise, a word is a run of letters, digits and combining marks with inner
 * apostrophes kept ("don't", "l'été"), and every other non-space character is a token of its own. Sentences end
 * after ".", "!" or "?" tokens (for models that read sentence by sentence).
 */
public final class Tokenizer {
    private static final Pattern TAG = Pattern.compile("<[^<>]{0,200}>");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+(?:['\u2019][\\p{L}\\p{N}\\p{M}]+)*|[^\\s\\p{L}\\p{N}\\p{M}]");

    /** The tokenizer IMDB-style text needs: lower-case, HTML tags removed. */
    public static final Tokenizer DEFAULT = new Tokenizer(true);

    private final boolean lowercase;

    public Tokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    /** The tokens of {@code text}, in order; empty for empty or blank text. */
    public List<String> tokenize(String text) {
        String plain = TAG.matcher(text).replaceAll(" ");
        if (lowercase) {
            plain = plain.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(plain);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The word tokens of {@code text}, punctuation left out (what word2vec reads). */
    public List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String token : tokenize(text)) {
            int first = token.codePointAt(0);
            if (Character.isLetterOrDigit(first) || Character.getType(first) == Character.NON_SPACING_MARK) {
                out.add(token);
            }
        }
        return out;
    }

    /** The tokens of {@code text} grouped into sentences; the last may lack an end mark. */
    public List<List<String>> sentences(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String token : tokenize(text)) {
            current.add(token);
            if (token.equals(".") || token.equals("!") || token.equals("?")) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}

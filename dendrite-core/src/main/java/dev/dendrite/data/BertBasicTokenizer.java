package dev.dendrite.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's basic tokenisation, the step before WordPiece (Devlin et al. 2019; the reference BasicTokenizer): control
 * characters dropped and whitespace unified, a space put around every CJK ideograph, the text split at whitespace,
 * each word lower-cased and stripped of accents (canonical decomposition, combining marks removed) for an uncased
 * vocabulary, and every punctuation character (ASCII symbols included) made a word of its own.
 */
public final class BertBasicTokenizer {
    private final boolean uncased;

    /** {@code uncased}: lower-case and strip accents, as bert-base-uncased. */
    public BertBasicTokenizer(boolean uncased) {
        this.uncased = uncased;
    }

    public List<String> tokenize(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isCjk(cp)) {
                clean.append(' ').appendCodePoint(cp).append(' ');
            } else {
                clean.appendCodePoint(isWhitespace(cp) ? ' ' : cp);
            }
        });
        List<String> out = new ArrayList<>();
        for (String word : clean.toString().trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (uncased) {
                word = stripAccents(word.toLowerCase(java.util.Locale.ROOT));
            }
            splitPunctuation(word, out);
        }
        return out;
    }

    private static String stripAccents(String word) {
        StringBuilder b = new StringBuilder(word.length());
        Normalizer.normalize(word, Normalizer.Form.NFD).codePoints()
                .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static void splitPunctuation(String word, List<String> out) {
        StringBuilder current = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunctuation(cp)) {
                if (!current.isEmpty()) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                current.appendCodePoint(cp);
            }
        });
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    /** ASCII non-letters-or-digits count as punctuation (BERT's rule: "$", "^", "`" ...), and Unicode's P* classes. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK Unified Ideographs blocks BERT spaces out (not Hangul, Hiragana or Katakana). */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}

package dev.dendrite.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A WordPiece vocabulary and BERT's tokenizer over it: {@link BertBasicTokenizer}'s words, each cut greedily into
 * the longest pieces in the vocabulary from the left, pieces after the first marked "##"; a word with no such
 * cutting, or longer than 100 characters, becomes [UNK]. The vocabulary is the standard vocab.txt (one token a
 * line, the id its line number), so a published BERT vocabulary gives the ids its models expect.
 */
public final class WordPiece {
    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";
    /** The special tokens a trained vocabulary starts with, in this order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, CLS, SEP, MASK);
    private static final String CONTINUATION = "##";
    private static final int MAX_WORD_CHARS = 100;
    private static final java.util.regex.Pattern SPECIAL = java.util.regex.Pattern.compile(
            String.join("|", SPECIALS.stream().map(java.util.regex.Pattern::quote).toList()));

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final BertBasicTokenizer basic;

    /** A vocabulary from its tokens in id order; each special token must be present, no token twice. */
    public WordPiece(List<String> tokens, boolean uncased) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) {
            Integer before = ids.put(this.tokens.get(i), i);
            if (before != null) {
                throw new DataFormatException("WordPiece vocabulary: token '" + this.tokens.get(i) + "' appears twice,"
                        + " at ids " + before + " and " + i);
            }
        }
        for (String s : SPECIALS) {
            if (!ids.containsKey(s)) {
                throw new DataFormatException("WordPiece vocabulary: the special token " + s + " is missing");
            }
        }
        this.basic = new BertBasicTokenizer(uncased);
    }

    /** Reads a vocab.txt (UTF-8, one token a line). */
    public static WordPiece read(Path file, boolean uncased) throws IOException {
        List<String> lines = new ArrayList<>(List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                .split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        try {
            return new WordPiece(lines, uncased);
        } catch (DataFormatException e) {
            throw new DataFormatException(file + ": " + e.getMessage());
        }
    }

    /** The vocab.txt text: one token a line. */
    public String toVocabText() {
        return String.join("\n", tokens) + "\n";
    }

    public int size() {
        return tokens.size();
    }

    /** The tokens in id order. */
    public List<String> tokens() {
        return tokens;
    }

    public int id(String token) {
        return ids.getOrDefault(token, ids.get(UNK));
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /**
     * The WordPiece tokens of {@code text}, special tokens not added; a special token written in the text
     * ("the [MASK] of the king") stays one token, as the reference tokenizer keeps its never-split tokens.
     */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = SPECIAL.matcher(text);
        int from = 0;
        while (m.find()) {
            basicPieces(text.substring(from, m.start()), out);
            out.add(m.group());
            from = m.end();
        }
        basicPieces(text.substring(from), out);
        return out;
    }

    private void basicPieces(String text, List<String> out) {
        for (String word : basic.tokenize(text)) {
            pieces(word, out);
        }
    }

    /** The ids of {@link #tokenize}. */
    public int[] encode(String text) {
        return tokenize(text).stream().mapToInt(this::id).toArray();
    }

    /** Text from ids: pieces joined, "##" pieces glued to the one before, special tokens kept. */
    public String decode(int[] idList) {
        StringBuilder b = new StringBuilder();
        for (int id : idList) {
            String t = token(id);
            if (t.startsWith(CONTINUATION) && !b.isEmpty()) {
                b.append(t, CONTINUATION.length(), t.length());
            } else {
                if (!b.isEmpty()) b.append(' ');
                b.append(t);
            }
        }
        return b.toString();
    }

    /** Greedy longest-match-first pieces of one word, or [UNK]. */
    private void pieces(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > MAX_WORD_CHARS) {
            out.add(UNK);
            return;
        }
        List<String> found = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String piece = null;
            for (int end = cps.length; end > start; end--) {
                String candidate = (start > 0 ? CONTINUATION : "") + new String(cps, start, end - start);
                if (ids.containsKey(candidate)) {
                    piece = candidate;
                    start = end;
                    break;
                }
            }
            if (piece == null) {
                out.add(UNK);
                return;
            }
            found.add(piece);
        }
        out.addAll(found);
    }
}

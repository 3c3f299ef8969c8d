package dev.dendrite.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids: the special tokens first ({@code <pad>} = 0 and {@code <unk>} = 1 by default; add {@code [CLS]},
 * {@code [SEP]}, {@code [MASK]} as a model needs them), then the corpus's tokens seen at least {@code minCount}
 * times, most frequent first (ties in alphabetical order, so the ids do not depend on reading order), at most
 * {@code maxSize} in all. Unknown tokens map to {@code <unk>}. Saved with a model as its token list.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final List<String> DEFAULT_SPECIALS = List.of(PAD, UNK);

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int unknown;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (String t : this.tokens) {
            if (ids.put(t, ids.size()) != null) {
                throw new DataFormatException("vocabulary: token '" + t + "' appears twice");
            }
        }
        if (!ids.containsKey(UNK)) {
            throw new DataFormatException("vocabulary: the token list lacks " + UNK);
        }
        this.unknown = ids.get(UNK);
    }

    /** Counts the tokens of {@code texts} and keeps those seen {@code minCount} times or more, {@code maxSize} in all. */
    public static Vocabulary build(Collection<? extends List<String>> texts, int minCount, int maxSize,
                                   List<String> specials) {
        if (minCount < 1 || maxSize < specials.size()) {
            throw new IllegalArgumentException("vocabulary: minCount must be >= 1 and maxSize >= the " + specials.size()
                    + " special tokens, got " + minCount + " and " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> text : texts) {
            for (String t : text) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<String> kept = new ArrayList<>(specials);
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !specials.contains(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(maxSize - specials.size())
                .forEach(e -> kept.add(e.getKey()));
        return new Vocabulary(kept);
    }

    /** A vocabulary from its saved token list (id order). */
    public static Vocabulary of(List<String> tokens) {
        return new Vocabulary(tokens);
    }

    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or the id of {@code <unk>}. */
    public int id(String token) {
        return ids.getOrDefault(token, unknown);
    }

    /** Whether {@code token} has an id of its own. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** The ids of {@code text}'s tokens. */
    public int[] encode(List<String> text) {
        int[] out = new int[text.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(text.get(i));
        }
        return out;
    }

    /** The tokens in id order: what a checkpoint saves. */
    public List<String> tokens() {
        return tokens;
    }
}

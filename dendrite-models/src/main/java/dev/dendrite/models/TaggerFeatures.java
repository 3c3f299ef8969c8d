package dev.dendrite.models;

import dev.dendrite.data.DataFormatException;
import dev.dendrite.data.WordHashing;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the sequence tagger sees of a word: its id in a word vocabulary (lower-cased; words seen fewer than minCount
 * times in training share the unknown id 1, 0 is padding), the vocabulary indices + 1 of its letter trigrams (word
 * hashing; 0 pads the ragged trigram lists) and its spelling shape (lower, Capitalised, UPPER, or containing a
 * digit).
 */
public final class TaggerFeatures {
    static final int SHAPES = 4;
    static final int SHAPE_DIM = 8;
    private static final int UNKNOWN = 1;

    /** A padded batch of sentences; tags (B, T) hold -1 past each length (or everywhere when untagged). */
    public record Batch(Tensor words, Tensor trigrams, Tensor shapes, Tensor tags, int[] lengths) {}

    private final Map<String, Integer> wordIds; // id 2.. in vocabulary order
    private final List<String> vocabulary;
    private final WordHashing hashing;

    private TaggerFeatures(List<String> vocabulary, WordHashing hashing) {
        this.vocabulary = List.copyOf(vocabulary);
        this.wordIds = new HashMap<>();
        for (String w : vocabulary) {
            if (wordIds.put(w, wordIds.size() + 2) != null) {
                throw new DataFormatException("tagger features: word '" + w + "' appears twice in the vocabulary");
            }
        }
        this.hashing = hashing;
    }

    /** Features fitted on training sentences: words seen at least {@code minCount} times, every trigram seen. */
    public static TaggerFeatures fit(List<List<String>> sentences, int minCount) {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> all = new ArrayList<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                counts.merge(w.toLowerCase(Locale.ROOT), 1, Integer::sum);
                all.add(w);
            }
        }
        List<String> vocab = counts.entrySet().stream().filter(e -> e.getValue() >= minCount).map(Map.Entry::getKey).toList();
        return new TaggerFeatures(vocab, WordHashing.fit(all));
    }

    /** Features rebuilt from a saved word vocabulary and trigram vocabulary (see {@link #save}). */
    public static TaggerFeatures of(List<String> vocabulary, List<String> trigrams) {
        return new TaggerFeatures(vocabulary, WordHashing.of(trigrams));
    }

    /** The two vocabularies, one entry a line, as checkpoint metadata. */
    public Map<String, String> save() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("words", String.join("\n", vocabulary));
        out.put("trigrams", String.join("\n", hashing.vocabulary()));
        return out;
    }

    /** Word ids including padding and unknown. */
    public int words() {
        return vocabulary.size() + 2;
    }

    /** Trigram ids including padding. */
    public int trigrams() {
        return hashing.size() + 1;
    }

    /** Encodes sentences (and their tag ids, or null) as one padded batch. */
    public Batch encode(List<List<String>> sentences, List<int[]> tags) {
        int batch = sentences.size();
        int steps = sentences.stream().mapToInt(List::size).max().orElse(0);
        int[] lengths = sentences.stream().mapToInt(List::size).toArray();
        int[][][] grams = new int[batch][steps][];
        int k = 1;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                grams[b][t] = hashing.indices(sentences.get(b).get(t));
                k = Math.max(k, grams[b][t].length);
            }
        }
        long[] w = new long[batch * steps];
        long[] s = new long[batch * steps];
        long[] g = new long[batch * steps * k];
        long[] y = new long[batch * steps];
        java.util.Arrays.fill(y, -1);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                String word = sentences.get(b).get(t);
                int i = b * steps + t;
                w[i] = wordIds.getOrDefault(word.toLowerCase(Locale.ROOT), UNKNOWN);
                s[i] = shape(word);
                for (int j = 0; j < grams[b][t].length; j++) g[i * k + j] = grams[b][t][j] + 1;
                if (tags != null) y[i] = tags.get(b)[t];
            }
        }
        return new Batch(Tensor.fromArray(w, batch, steps), Tensor.fromArray(g, batch, steps, k),
                Tensor.fromArray(s, batch, steps), Tensor.fromArray(y, batch, steps), lengths);
    }

    /** 0 lower case or other, 1 Capitalised, 2 all UPPER (two letters or more), 3 contains a digit. */
    static int shape(String word) {
        if (word.chars().anyMatch(Character::isDigit)) return 3;
        long letters = word.chars().filter(Character::isLetter).count();
        if (letters >= 2 && word.chars().filter(Character::isLetter).allMatch(Character::isUpperCase)) return 2;
        return !word.isEmpty() && Character.isUpperCase(word.charAt(0)) ? 1 : 0;
    }
}

package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Word hashing (seed 003's slot-filling slides, from Huang et al. 2013): a word becomes the bag of its letter
 * trigrams with '#' marking the ends ("apple" -&gt; #ap, app, ppl, ple, le#), so unseen words and misspellings
 * still share features with known ones. The trigram vocabulary is fitted on training words, in sorted order.
 */
public final class WordHashing {
    private final Map<String, Integer> index;

    private WordHashing(Map<String, Integer> index) {
        this.index = index;
    }

    /** The letter trigrams of a word (lower-cased, with '#' at both ends), in order, repeats kept. */
    public static List<String> trigrams(String word) {
        String w = "#" + word.toLowerCase(java.util.Locale.ROOT) + "#";
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 3 <= w.length(); i++) {
            out.add(w.substring(i, i + 3));
        }
        return out;
    }

    /** A vocabulary of every trigram in {@code words}. */
    public static WordHashing fit(Collection<String> words) {
        TreeSet<String> all = new TreeSet<>();
        for (String w : words) {
            all.addAll(trigrams(w));
        }
        Map<String, Integer> index = new TreeMap<>();
        for (String t : all) {
            index.put(t, index.size());
        }
        return new WordHashing(index);
    }

    /** Number of features: the trigram vocabulary size. */
    public int size() {
        return index.size();
    }

    /** Trigram counts per word, FLOAT32 (words, size()); trigrams outside the vocabulary are ignored. */
    public Tensor encode(List<String> words) {
        float[] counts = new float[words.size() * index.size()];
        for (int i = 0; i < words.size(); i++) {
            for (int j : indices(words.get(i))) {
                counts[i * index.size() + j]++;
            }
        }
        return Tensor.fromArray(counts, words.size(), index.size());
    }

    /** The vocabulary indices of a word's trigrams, in order (repeats kept); unknown trigrams are left out. */
    public int[] indices(String word) {
        return trigrams(word).stream().map(index::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue)
                .toArray();
    }

    /** The trigram vocabulary, index order (to save with a model and rebuild with {@link #of}). */
    public List<String> vocabulary() {
        return List.copyOf(index.keySet());
    }

    /** The hashing whose trigram i is {@code vocabulary.get(i)}. */
    public static WordHashing of(List<String> vocabulary) {
        Map<String, Integer> index = new TreeMap<>();
        for (String t : vocabulary) {
            if (index.put(t, index.size()) != null) {
                throw new DataFormatException("word hashing: trigram '" + t + "' appears twice in the vocabulary");
            }
        }
        return new WordHashing(index);
    }
}

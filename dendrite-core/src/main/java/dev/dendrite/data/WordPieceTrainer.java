package dev.dendrite.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns a WordPiece vocabulary from text as the Hugging Face tokenizers library's WordPiece trainer does: words
 * from {@link BertBasicTokenizer}, each spelled as its first character and "##"-marked characters after it, then
 * byte-pair-encoding merges of the most frequent adjacent pair (counted over word frequencies; ties to the pair of
 * the older symbols) until the vocabulary has the size asked for or no pair occurs {@code minFrequency} times. The
 * vocabulary lists the special tokens, then the characters (most frequent first), then the merges in order.
 */
public final class WordPieceTrainer {
    private final Map<String, Long> wordCounts = new HashMap<>();
    private final BertBasicTokenizer basic;

    public WordPieceTrainer(boolean uncased) {
        this.basic = new BertBasicTokenizer(uncased);
    }

    /** Counts the words of one line (or paragraph) of the corpus. */
    public void add(String text) {
        for (String w : basic.tokenize(text)) {
            wordCounts.merge(w, 1L, Long::sum);
        }
    }

    /** Counts the words of every line of {@code file} (UTF-8, plain or gzipped). */
    public void addFile(java.nio.file.Path file) throws java.io.IOException {
        TextFiles.lines(file).forEach(this::add);
    }

    /** The vocabulary: at most {@code vocabSize} tokens (more only if the characters alone exceed it). */
    public WordPiece train(int vocabSize, int minFrequency, boolean uncased) {
        if (vocabSize < WordPiece.SPECIALS.size() || minFrequency < 1) {
            throw new IllegalArgumentException("WordPiece: the vocabulary needs room for the " + WordPiece.SPECIALS.size()
                    + " special tokens and minFrequency >= 1, got " + vocabSize + " and " + minFrequency);
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> symbols = new HashMap<>();
        // the alphabet, most frequent first (ties by the symbol's text), so ids do not depend on hash order
        Map<String, Long> alphabet = new TreeMap<>();
        List<String> words = new ArrayList<>(new java.util.TreeSet<>(wordCounts.keySet()));
        for (String w : words) {
            long c = wordCounts.get(w);
            int[] cps = w.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                alphabet.merge(symbol(cps[i], i > 0), c, Long::sum);
            }
        }
        alphabet.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
            symbols.put(e.getKey(), names.size());
            names.add(e.getKey());
        });
        int[][] spelled = new int[words.size()][];
        long[] counts = new long[words.size()];
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            int[] cps = words.get(w).codePoints().toArray();
            spelled[w] = new int[cps.length];
            for (int i = 0; i < cps.length; i++) spelled[w][i] = symbols.get(symbol(cps[i], i > 0));
            counts[w] = wordCounts.get(words.get(w));
            addPairs(w, spelled[w], counts[w], pairCounts, where);
        }
        PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0])
                : Long.compare(a[1], b[1]));
        pairCounts.forEach((pair, c) -> heap.add(new long[] {c, pair}));
        int room = vocabSize - WordPiece.SPECIALS.size();
        while (names.size() < room && !heap.isEmpty()) {
            long[] top = heap.poll();
            long current = pairCounts.getOrDefault(top[1], 0L);
            if (current != top[0]) {
                continue; // stale entry
            }
            if (current < minFrequency) {
                break;
            }
            int a = (int) (top[1] >>> 32);
            int b = (int) top[1];
            String merged = names.get(a) + names.get(b).substring(names.get(b).startsWith("##") ? 2 : 0);
            Integer id = symbols.get(merged);
            if (id == null) {
                id = names.size();
                symbols.put(merged, id);
                names.add(merged);
            }
            for (int w : where.getOrDefault(top[1], Set.of()).stream().mapToInt(Integer::intValue).toArray()) {
                removePairs(w, spelled[w], counts[w], pairCounts, where);
                spelled[w] = merge(spelled[w], a, b, id);
                for (long pair : addPairs(w, spelled[w], counts[w], pairCounts, where)) {
                    heap.add(new long[] {pairCounts.get(pair), pair});
                }
            }
        }
        List<String> vocab = new ArrayList<>(WordPiece.SPECIALS);
        names.stream().filter(n -> !WordPiece.SPECIALS.contains(n)).forEach(vocab::add);
        return new WordPiece(vocab, uncased);
    }

    private static String symbol(int cp, boolean continuation) {
        return (continuation ? "##" : "") + new String(Character.toChars(cp));
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** Adds the word's adjacent pairs to the counts and the index; returns the pairs touched. */
    private static Set<Long> addPairs(int w, int[] s, long count, Map<Long, Long> pairCounts,
                                      Map<Long, Set<Integer>> where) {
        Set<Long> touched = new HashSet<>();
        for (int i = 0; i + 1 < s.length; i++) {
            long k = key(s[i], s[i + 1]);
            pairCounts.merge(k, count, Long::sum);
            where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
            touched.add(k);
        }
        return touched;
    }

    private static void removePairs(int w, int[] s, long count, Map<Long, Long> pairCounts,
                                    Map<Long, Set<Integer>> where) {
        for (int i = 0; i + 1 < s.length; i++) {
            long k = key(s[i], s[i + 1]);
            long left = pairCounts.merge(k, -count, Long::sum);
            if (left == 0) {
                pairCounts.remove(k);
            }
            Set<Integer> ws = where.get(k);
            if (ws != null) {
                ws.remove(w);
                if (ws.isEmpty()) where.remove(k);
            }
        }
    }

    /** The word with every non-overlapping (a, b) from the left replaced by the merged symbol. */
    private static int[] merge(int[] s, int a, int b, int merged) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = s[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}

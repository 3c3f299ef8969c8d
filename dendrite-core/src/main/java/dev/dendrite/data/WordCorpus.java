package dev.dendrite.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A text corpus as word ids, for word2vec: one sentence per line (lines longer than {@link #MAX_SENTENCE} words are
 * cut into several, as gensim does), words from {@link Tokenizer#words} (lower-cased, HTML tags and punctuation
 * removed), and a vocabulary of the words seen at least {@code minCount} times, most frequent first (ties in order
 * of first appearance). Rarer words are dropped from the sentences. Shapes: words (N), starts (S + 1).
 */
public final class WordCorpus {
    /** The longest sentence kept whole. */
    public static final int MAX_SENTENCE = 10_000;

    private final List<String> vocabulary;
    private final long[] counts;
    private final int[] words;
    private final int[] starts;
    private final long read;

    private WordCorpus(List<String> vocabulary, long[] counts, int[] words, int[] starts, long read) {
        this.vocabulary = vocabulary;
        this.counts = counts;
        this.words = words;
        this.starts = starts;
        this.read = read;
    }

    /** Reads {@code file} (UTF-8, plain or gzipped). */
    public static WordCorpus read(Path file, int minCount) throws IOException {
        if (minCount < 1) {
            throw new IllegalArgumentException("WordCorpus: min count must be at least 1, got " + minCount);
        }
        Map<String, Integer> firstIds = new HashMap<>();
        List<String> firstOrder = new ArrayList<>();
        long[] firstCounts = new long[1024];
        int[] ids = new int[1 << 20];
        int n = 0;
        List<Integer> lineEnds = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Idx.open(file), decoder), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                for (String w : Tokenizer.DEFAULT.words(line)) {
                    Integer id = firstIds.get(w);
                    if (id == null) {
                        id = firstOrder.size();
                        firstIds.put(w, id);
                        firstOrder.add(w);
                        if (id == firstCounts.length) {
                            firstCounts = Arrays.copyOf(firstCounts, id * 2);
                        }
                    }
                    firstCounts[id]++;
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n++] = id;
                }
                lineEnds.add(n);
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 text (" + e.getMessage() + ")");
        }
        long[] counted = firstCounts;
        Integer[] order = java.util.stream.IntStream.range(0, firstOrder.size())
                .filter(i -> counted[i] >= minCount).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> counted[a] != counted[b] ? Long.compare(counted[b], counted[a]) : Integer.compare(a, b));
        int[] remap = new int[firstOrder.size()];
        Arrays.fill(remap, -1);
        List<String> vocabulary = new ArrayList<>(order.length);
        long[] counts = new long[order.length];
        for (int k = 0; k < order.length; k++) {
            remap[order[k]] = k;
            vocabulary.add(firstOrder.get(order[k]));
            counts[k] = counted[order[k]];
        }
        int[] kept = new int[n];
        int m = 0;
        List<Integer> starts = new ArrayList<>(List.of(0));
        int from = 0;
        for (int end : lineEnds) {
            int sentenceStart = m;
            for (int i = from; i < end; i++) {
                if (remap[ids[i]] >= 0) {
                    if (m - sentenceStart == MAX_SENTENCE) {
                        starts.add(m);
                        sentenceStart = m;
                    }
                    kept[m++] = remap[ids[i]];
                }
            }
            if (m > sentenceStart) {
                starts.add(m);
            }
            from = end;
        }
        return new WordCorpus(List.copyOf(vocabulary), counts, Arrays.copyOf(kept, m),
                starts.stream().mapToInt(Integer::intValue).toArray(), n);
    }

    /** The words kept, most frequent first: id i is {@code vocabulary().get(i)}. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** How often each kept word occurs, by id. */
    public long[] counts() {
        return counts.clone();
    }

    /** The kept words' ids, sentence after sentence (shared, not copied: do not modify). */
    public int[] words() {
        return words;
    }

    /** Sentence s is {@code words()[starts()[s] .. starts()[s + 1])} (shared, not copied: do not modify). */
    public int[] starts() {
        return starts;
    }

    /** Number of sentences. */
    public int sentences() {
        return starts.length - 1;
    }

    /** Words read from the file, rare ones included. */
    public long wordsRead() {
        return read;
    }
}

package dev.dendrite.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The usual intrinsic evaluations of word vectors, computed as gensim computes them: word analogies (Mikolov et
 * al.'s questions-words file: "a b c d" lines under ": section" headers; the answer to "a is to b as c is to ?" is
 * the word nearest to b - a + c among the most frequent words, case-insensitive; a question with a word outside them
 * is skipped and counted), and word-pair similarity against human scores (Spearman's rho; pairs with an unknown word
 * are left out and counted).
 */
public final class WordEvaluation {
    private WordEvaluation() {}

    /** Correct answers of a section out of its answered questions. */
    public record Section(String name, int correct, int answered) {
        public double accuracy() {
            return answered == 0 ? Double.NaN : (double) correct / answered;
        }
    }

    /** Overall accuracy over the answered questions, per section, and how many were skipped. */
    public record Analogies(double accuracy, List<Section> sections, int answered, int skipped) {}

    /** Spearman's rho between cosine similarities and human scores, over the pairs found. */
    public record Similarity(double spearman, int pairsFound, int pairsSkipped) {}

    /** The analogy questions of {@code questions} against {@code vectors}' {@code restrict} most frequent words. */
    public static Analogies analogies(WordVectors vectors, Path questions, int restrict) throws IOException {
        WordVectors lower = vectors.lowerCased();
        int limit = Math.min(restrict, lower.size());
        Map<String, int[]> sections = new LinkedHashMap<>(); // name -> (correct, answered)
        String section = "(no section)";
        int skipped = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(questions, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.startsWith(":")) {
                section = line.substring(1).strip();
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            String[] w = line.strip().toLowerCase(Locale.ROOT).split("\\s+");
            if (w.length != 4) {
                throw new DataFormatException(questions + ": line " + lineNo + " has " + w.length
                        + " words; an analogy question has 4 (a b c d)");
            }
            int[] counts = sections.computeIfAbsent(section, s -> new int[2]);
            boolean known = Arrays.stream(w).allMatch(x -> {
                int i = lower.indexOf(x);
                return i >= 0 && i < limit;
            });
            if (!known) {
                skipped++;
                continue;
            }
            String predicted = lower.mostSimilar(List.of(w[1], w[2]), List.of(w[0]), 1, limit).getFirst().word();
            counts[0] += predicted.equals(w[3]) ? 1 : 0;
            counts[1]++;
        }
        List<Section> out = new ArrayList<>();
        int correct = 0;
        int answered = 0;
        for (var e : sections.entrySet()) {
            out.add(new Section(e.getKey(), e.getValue()[0], e.getValue()[1]));
            correct += e.getValue()[0];
            answered += e.getValue()[1];
        }
        return new Analogies(answered == 0 ? Double.NaN : (double) correct / answered, out, answered, skipped);
    }

    /** Spearman's rho on a file of "word1 TAB word2 TAB score" lines ('#' starts a comment line). */
    public static Similarity similarity(WordVectors vectors, Path pairs) throws IOException {
        WordVectors lower = vectors.lowerCased();
        List<Double> model = new ArrayList<>();
        List<Double> human = new ArrayList<>();
        int skipped = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(pairs, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\t");
            if (f.length != 3) {
                throw new DataFormatException(pairs + ": line " + lineNo + " has " + f.length
                        + " fields; pairs are word1<TAB>word2<TAB>score");
            }
            String a = f[0].toLowerCase(Locale.ROOT);
            String b = f[1].toLowerCase(Locale.ROOT);
            if (lower.indexOf(a) < 0 || lower.indexOf(b) < 0) {
                skipped++;
                continue;
            }
            try {
                human.add(Double.parseDouble(f[2]));
            } catch (NumberFormatException e) {
                throw new DataFormatException(pairs + ": line " + lineNo + ": score '" + f[2] + "' is not a number");
            }
            model.add(lower.similarity(a, b));
        }
        return new Similarity(spearman(model, human), model.size(), skipped);
    }

    /** Spearman's rank correlation: Pearson's r of the ranks, tied values sharing their average rank. */
    public static double spearman(List<Double> x, List<Double> y) {
        if (x.size() != y.size() || x.size() < 2) {
            return Double.NaN;
        }
        return pearson(ranks(x), ranks(y));
    }

    private static double[] ranks(List<Double> values) {
        Integer[] order = new Integer[values.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(values.get(i), values.get(j)));
        double[] ranks = new double[order.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values.get(order[end + 1]).equals(values.get(order[start]))) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = average;
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            da += (a[i] - ma) * (a[i] - ma);
            db += (b[i] - mb) * (b[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }
}

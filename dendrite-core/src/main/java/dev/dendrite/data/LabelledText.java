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
import java.util.TreeSet;

/**
 * Labelled texts from a file of {@code label<TAB>text} rows (plain or gzipped, UTF-8; a first row
 * {@code label<TAB>text} is a header), as the IMDB reviews ship. Labels are the integers 0..K-1 as written, or, when
 * any label is not an integer, names given ids in alphabetical order. {@link #split} makes a seeded train/test split.
 */
public record LabelledText(List<String> texts, int[] labels, List<String> labelNames) {
    public LabelledText {
        texts = List.copyOf(texts);
        labelNames = List.copyOf(labelNames);
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException("LabelledText: " + texts.size() + " texts but " + labels.length + " labels");
        }
    }

    /** The rows of {@code file}; a row without a tab, with an empty label or an empty text is an error naming it. */
    public static LabelledText read(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> rawLabels = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Idx.open(file), decoder))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.equals("label\ttext")) {
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new DataFormatException(file + ": line " + lineNo + " has no tab; rows are label<TAB>text");
                }
                String label = line.substring(0, tab).strip();
                String text = line.substring(tab + 1);
                if (label.isEmpty() || text.isBlank()) {
                    throw new DataFormatException(file + ": line " + lineNo + " has an empty "
                            + (label.isEmpty() ? "label" : "text") + "; rows are label<TAB>text");
                }
                rawLabels.add(label);
                texts.add(text);
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not UTF-8 text (convert it, e.g. iconv -f latin1 -t utf-8)");
        }
        if (texts.isEmpty()) {
            throw new DataFormatException(file + ": no rows of label<TAB>text");
        }
        return of(texts, rawLabels);
    }

    /** Texts with their labels as written: integers 0..K-1, or names numbered in alphabetical order. */
    public static LabelledText of(List<String> texts, List<String> rawLabels) {
        boolean integers = rawLabels.stream().allMatch(l -> l.matches("\\d{1,9}"));
        int[] labels = new int[rawLabels.size()];
        List<String> names;
        if (integers) {
            int max = 0;
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Integer.parseInt(rawLabels.get(i));
                max = Math.max(max, labels[i]);
            }
            names = new ArrayList<>();
            for (int k = 0; k <= max; k++) {
                names.add(Integer.toString(k));
            }
        } else {
            names = List.copyOf(new TreeSet<>(rawLabels));
            for (int i = 0; i < labels.length; i++) {
                labels[i] = names.indexOf(rawLabels.get(i));
            }
        }
        return new LabelledText(texts, labels, names);
    }

    public int size() {
        return texts.size();
    }

    /** The rows at {@code indices}, in that order. */
    public LabelledText subset(int[] indices) {
        List<String> t = new ArrayList<>();
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            t.add(texts.get(indices[i]));
            l[i] = labels[indices[i]];
        }
        return new LabelledText(t, l, labelNames);
    }

    /** A seeded split: [train, test] with {@code testFraction} of the rows held out. */
    public List<LabelledText> split(long seed, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1) || size() < 2) {
            throw new IllegalArgumentException("LabelledText.split: testFraction must be in (0, 1) and there must be at"
                    + " least 2 rows, got " + testFraction + " and " + size());
        }
        int[][] parts = Splits.random(size(), seed, 1 - testFraction, testFraction);
        return List.of(subset(parts[0]), subset(parts[1]));
    }
}

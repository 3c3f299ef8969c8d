package dev.dendrite.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU (Papineni et al. 2002) computed as sacreBLEU 2 computes its default score: both sides tokenised by
 * the 13a tokenizer (mteval-v13a's rules), n-grams up to 4 clipped by their largest count in any reference, the
 * precisions' geometric mean with sacreBLEU's "exp" smoothing for a zero count, and the brevity penalty against the
 * closest reference length. Case-sensitive. {@link #tokenize13a} is also the translation models' tokenizer, so
 * what they output scores as it reads.
 */
public final class Bleu {
    private static final int ORDER = 4;
    private static final Pattern PUNCTUATION = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PERIOD_COMMA_AFTER = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_BEFORE = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Bleu() {}

    /** The score (0..100) with its n-gram precisions (percent), brevity penalty and lengths in tokens. */
    public record Score(double score, double[] precisions, double brevityPenalty, long hypothesisLength,
                        long referenceLength) {
        @Override
        public String toString() {
            return String.format("BLEU = %.2f %.1f/%.1f/%.1f/%.1f (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)",
                    score, precisions[0], precisions[1], precisions[2], precisions[3], brevityPenalty,
                    (double) hypothesisLength / referenceLength, hypothesisLength, referenceLength);
        }
    }

    /** The tokens of {@code line} by the 13a rules: punctuation split off, periods and commas unless by a digit. */
    public static List<String> tokenize13a(String line) {
        line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        line = " " + line + " ";
        line = PUNCTUATION.matcher(line).replaceAll(" $1 ");
        line = PERIOD_COMMA_AFTER.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_COMMA_BEFORE.matcher(line).replaceAll(" $1 $2");
        line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        String trimmed = line.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** Corpus BLEU of one hypothesis per segment against one reference each. */
    public static Score corpus(List<String> hypotheses, List<String> references) {
        return corpusMulti(hypotheses, references.stream().map(List::of).toList());
    }

    /** Corpus BLEU of one hypothesis per segment against one or more references per segment. */
    public static Score corpusMulti(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("BLEU: " + hypotheses.size() + " hypotheses for " + references.size()
                    + " reference sets");
        }
        long[] correct = new long[ORDER];
        long[] total = new long[ORDER];
        long hypLength = 0;
        long refLength = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            List<String> hyp = tokenize13a(hypotheses.get(s));
            Map<List<String>, Integer> maxRef = new HashMap<>();
            int closest = -1;
            for (String reference : references.get(s)) {
                List<String> ref = tokenize13a(reference);
                int diff = Math.abs(ref.size() - hyp.size());
                int best = closest < 0 ? Integer.MAX_VALUE : Math.abs(closest - hyp.size());
                if (diff < best || (diff == best && ref.size() < closest)) {
                    closest = ref.size();
                }
                ngrams(ref).forEach((gram, count) -> maxRef.merge(gram, count, Math::max));
            }
            hypLength += hyp.size();
            refLength += Math.max(closest, 0);
            for (var e : ngrams(hyp).entrySet()) {
                correct[e.getKey().size() - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            }
            for (int n = 1; n <= ORDER; n++) {
                total[n - 1] += Math.max(0, hyp.size() - n + 1);
            }
        }
        double[] precisions = new double[ORDER];
        double smooth = 1;
        double logSum = 0;
        for (int n = 0; n < ORDER; n++) {
            if (total[n] == 0) {
                precisions[n] = 0;
            } else if (correct[n] == 0) {
                smooth *= 2;
                precisions[n] = 100.0 / (smooth * total[n]);
            } else {
                precisions[n] = 100.0 * correct[n] / total[n];
            }
            logSum += precisions[n] > 0 ? Math.log(precisions[n]) : Double.NEGATIVE_INFINITY;
        }
        double bp = hypLength >= refLength ? 1 : hypLength == 0 ? 0 : Math.exp(1 - (double) refLength / hypLength);
        double score = hypLength == 0 ? 0 : bp * Math.exp(logSum / ORDER);
        return new Score(score, precisions, bp, hypLength, refLength);
    }

    /** Counts of every n-gram of the tokens, n = 1..4. */
    private static Map<List<String>, Integer> ngrams(List<String> tokens) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int n = 1; n <= ORDER; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                out.merge(tokens.subList(i, i + n), 1, Integer::sum);
            }
        }
        return out;
    }
}

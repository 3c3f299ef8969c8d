package dev.dendrite.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over a {@link TranslationNetwork.Decoding}: each step extends every live hypothesis by every token,
 * keeps the {@code beam} best by log-probability, and sets aside those that end in &lt;eos&gt;; finished hypotheses are
 * ranked by log-probability divided by GNMT's length penalty ((5 + length) / 6)^alpha (alpha 0: none). Beam 1 is
 * greedy decoding. Also returns the attention rows of the chosen hypothesis, one per output token.
 */
public final class BeamSearch {
    private BeamSearch() {}

    /** The best hypothesis: tokens without &lt;eos&gt;, its log-probability and attention rows. */
    public record Result(long[] tokens, double logProb, List<double[]> attention) {}

    private record Hypothesis(List<Long> tokens, double logProb, Object state, List<double[]> attention) {
        long last() {
            return tokens.isEmpty() ? TranslationData.BOS_ID : tokens.getLast();
        }
    }

    public static Result search(TranslationNetwork.Decoding decoding, int beam, int maxLength, double alpha) {
        if (beam < 1 || maxLength < 1 || !(alpha >= 0)) {
            throw new IllegalArgumentException("beam search: beam and max length must be >= 1 and alpha >= 0, got "
                    + beam + ", " + maxLength + ", " + alpha);
        }
        List<Hypothesis> live = List.of(new Hypothesis(List.of(), 0, decoding.start(), List.of()));
        List<Hypothesis> finished = new ArrayList<>();
        for (int step = 0; step < maxLength && !live.isEmpty() && finished.size() < beam; step++) {
            long[] last = live.stream().mapToLong(Hypothesis::last).toArray();
            TranslationNetwork.Step out = decoding.step(live.stream().map(Hypothesis::state).toList(), last);
            List<double[]> candidates = new ArrayList<>(); // {row, token, logProb}
            for (int r = 0; r < live.size(); r++) {
                double[] lp = out.logProbs()[r];
                for (int v = 0; v < lp.length; v++) {
                    candidates.add(new double[] {r, v, live.get(r).logProb() + lp[v]});
                }
            }
            candidates.sort(Comparator.comparingDouble((double[] c) -> -c[2]).thenComparingDouble(c -> c[0])
                    .thenComparingDouble(c -> c[1]));
            List<Hypothesis> next = new ArrayList<>();
            for (double[] c : candidates) {
                if (next.size() == beam || finished.size() + next.size() >= 2 * beam) {
                    break;
                }
                Hypothesis parent = live.get((int) c[0]);
                List<double[]> attention = new ArrayList<>(parent.attention());
                attention.add(out.attention()[(int) c[0]]);
                if ((int) c[1] == TranslationData.EOS_ID) {
                    finished.add(new Hypothesis(parent.tokens(), c[2], null, attention));
                    if (finished.size() >= beam) break;
                } else {
                    List<Long> tokens = new ArrayList<>(parent.tokens());
                    tokens.add((long) c[1]);
                    next.add(new Hypothesis(tokens, c[2], out.states().get((int) c[0]), attention));
                }
            }
            live = next;
        }
        List<Hypothesis> pool = finished.isEmpty() ? live : finished;
        Hypothesis best = pool.stream().max(Comparator.comparingDouble(h -> h.logProb() / penalty(h, alpha))).orElseThrow();
        return new Result(best.tokens().stream().mapToLong(Long::longValue).toArray(), best.logProb(), best.attention());
    }

    private static double penalty(Hypothesis h, double alpha) {
        return Math.pow((5 + h.tokens().size() + 1) / 6.0, alpha);
    }
}

package dev.dendrite.models;

import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * What a translation network offers the task and the decoders: teacher-forced logits for a batch, and step-by-step
 * decoding of one source sentence for greedy and beam search.
 */
public interface TranslationNetwork {
    Module module();

    /** Next-token logits at every target position, teacher forced: (B, T, target vocabulary). */
    Tensor logits(TranslationData.Batch batch);

    /** Decoding of one source sentence (ids ending in &lt;eos&gt;), started after &lt;bos&gt;. */
    Decoding decoding(long[] source);

    /** One sentence's decoder: hypotheses advance one token at a time from opaque states. */
    interface Decoding {
        /** The state of a hypothesis that has read only &lt;bos&gt;. */
        Object start();

        /**
         * One step for K hypotheses: their states and last tokens -&gt; log-probabilities of the next token (K, V),
         * the states after reading the last tokens, and each row's attention over the source (K, S) for plots.
         */
        Step step(List<Object> states, long[] lastTokens);
    }

    /** The result of {@link Decoding#step}. */
    record Step(double[][] logProbs, List<Object> states, double[][] attention) {}
}

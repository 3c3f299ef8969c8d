package dev.dendrite.models;

import dev.dendrite.data.Bleu;
import dev.dendrite.data.ParallelText;
import dev.dendrite.data.Vocabulary;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * How the translation models read text: sentences cut into tokens by the 13a tokenizer (so that output scores under
 * BLEU as it reads), one vocabulary per side with &lt;pad&gt; 0, &lt;unk&gt; 1, &lt;bos&gt; 2 and &lt;eos&gt; 3, and batches of padded
 * id tensors for teacher forcing: the decoder reads &lt;bos&gt; y and predicts y &lt;eos&gt;.
 */
public final class TranslationData {
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 2;
    public static final int EOS_ID = 3;
    static final List<String> SPECIALS = List.of(Vocabulary.PAD, Vocabulary.UNK, BOS, EOS);

    private TranslationData() {}

    /** The two vocabularies. */
    public record Vocabularies(Vocabulary source, Vocabulary target) {}

    /** A padded batch: source ids (B, S), its lengths and padding mask (INT64, 1 at padding), decoder input and target (B, T). */
    public record Batch(Tensor source, int[] sourceLengths, Tensor padding, Tensor decoderInput, Tensor target) {}

    static Vocabularies fit(List<ParallelText.Pair> pairs, int minCount, int maxSize) {
        return new Vocabularies(
                Vocabulary.build(pairs.stream().map(p -> Bleu.tokenize13a(p.source())).toList(), minCount, maxSize,
                        SPECIALS),
                Vocabulary.build(pairs.stream().map(p -> Bleu.tokenize13a(p.target())).toList(), minCount, maxSize,
                        SPECIALS));
    }

    /** Source ids: the tokens (at most maxLength) and &lt;eos&gt;. */
    static long[] source(Vocabulary v, String sentence, int maxLength) {
        List<String> tokens = Bleu.tokenize13a(sentence);
        int n = Math.min(tokens.size(), maxLength);
        long[] ids = new long[n + 1];
        for (int i = 0; i < n; i++) ids[i] = v.id(tokens.get(i));
        ids[n] = EOS_ID;
        return ids;
    }

    /** Target ids without &lt;bos&gt; or &lt;eos&gt;, at most maxLength. */
    static long[] target(Vocabulary v, String sentence, int maxLength) {
        List<String> tokens = Bleu.tokenize13a(sentence);
        int n = Math.min(tokens.size(), maxLength);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = v.id(tokens.get(i));
        return ids;
    }

    /** The text of target ids, stopping at &lt;eos&gt;. */
    static String decode(Vocabulary v, long[] ids) {
        List<String> words = new ArrayList<>();
        for (long id : ids) {
            if (id == EOS_ID) break;
            words.add(v.token((int) id));
        }
        return String.join(" ", words);
    }

    static Batch batch(List<long[]> sources, List<long[]> targets) {
        int b = sources.size();
        int s = sources.stream().mapToInt(x -> x.length).max().orElse(1);
        int t = targets.stream().mapToInt(x -> x.length).max().orElse(0) + 1;
        long[] src = new long[b * s];
        long[] pad = new long[b * s];
        int[] lengths = new int[b];
        long[] in = new long[b * t];
        long[] out = new long[b * t];
        for (int i = 0; i < b; i++) {
            long[] x = sources.get(i);
            lengths[i] = x.length;
            System.arraycopy(x, 0, src, i * s, x.length);
            for (int j = x.length; j < s; j++) pad[i * s + j] = 1;
            long[] y = targets.get(i);
            in[i * t] = BOS_ID;
            System.arraycopy(y, 0, in, i * t + 1, y.length);
            System.arraycopy(y, 0, out, i * t, y.length);
            out[i * t + y.length] = EOS_ID;
        }
        return new Batch(Tensor.fromArray(src, b, s), lengths, Tensor.fromArray(pad, b, s), Tensor.fromArray(in, b, t),
                Tensor.fromArray(out, b, t));
    }
}

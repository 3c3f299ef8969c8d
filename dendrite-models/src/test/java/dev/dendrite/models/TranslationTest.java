// Translation: an attention seq2seq learns to reverse sequences in seconds, the Transformer learns to copy them,
// beam search at width 1 is greedy decoding, and the kinds rebuild from their metadata and refuse bad input.
package dev.dendrite.models;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.Translator;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.ClassLossOptions;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranslationTest {
    private static final int VOCABULARY = 12; // 4 specials, then symbols 4..11

    @TempDir
    Path dir;

    /** Random sequences of 3..6 symbols (ids 4..11) and their targets: reversed, or copied. */
    private static List<long[][]> pairs(int n, boolean reverse, long seed) {
        Generator g = new Generator(seed);
        List<long[][]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + g.nextInt(4);
            long[] x = new long[len];
            for (int j = 0; j < len; j++) x[j] = 4 + g.nextInt(8);
            long[] y = new long[len];
            for (int j = 0; j < len; j++) y[j] = reverse ? x[len - 1 - j] : x[j];
            long[] src = java.util.Arrays.copyOf(x, len + 1);
            src[len] = TranslationData.EOS_ID;
            out.add(new long[][] {src, y});
        }
        return out;
    }

    /** Trains on 32-pair batches of {@code data}, then returns the share of held-out pairs decoded exactly. */
    private static double trainAndDecode(TranslationNetwork net, List<long[][]> data, List<long[][]> heldOut,
                                         int steps, double lr) {
        Adam opt = new Adam(net.module().parameters(), lr);
        ClassLossOptions loss = ClassLossOptions.DEFAULTS.withIgnoreIndex(TranslationData.PAD_ID);
        for (int step = 0; step < steps; step++) {
            List<long[]> s = new ArrayList<>();
            List<long[]> t = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                long[][] p = data.get((step * 32 + i) % data.size());
                s.add(p[0]);
                t.add(p[1]);
            }
            TranslationData.Batch batch = TranslationData.batch(s, t);
            opt.zeroGrad();
            Tensor logits = net.logits(batch);
            F.crossEntropy(logits.reshape(-1, VOCABULARY), batch.target().reshape(-1), loss).backward();
            opt.step();
        }
        int right = 0;
        try (var _ = net.module().evaluating()) {
            for (long[][] p : heldOut) {
                long[] out = BeamSearch.search(net.decoding(p[0]), 1, 10, 0).tokens();
                if (java.util.Arrays.equals(out, p[1])) right++;
            }
        }
        return right / (double) heldOut.size();
    }

    @Test
    void seq2seqWithAttentionLearnsToReverse() {
        Seq2Seq net = new Seq2Seq(new Seq2Seq.Config(VOCABULARY, VOCABULARY, 32, 64, 1, false, "luong", 0),
                new Generator(1));
        assertEquals(1.0, trainAndDecode(net, pairs(640, true, 1), pairs(30, true, 2), 800, 3e-3), 1e-9);
    }

    @Test
    void bahdanauSeq2SeqLearnsToReverse() {
        Seq2Seq net = new Seq2Seq(new Seq2Seq.Config(VOCABULARY, VOCABULARY, 32, 64, 1, true, "bahdanau", 0),
                new Generator(1));
        assertTrue(trainAndDecode(net, pairs(640, true, 1), pairs(30, true, 2), 300, 1e-2) >= 0.9);
    }

    @Test
    void transformerLearnsToCopy() {
        TransformerTranslator net = new TransformerTranslator(
                new TransformerTranslator.Config(VOCABULARY, VOCABULARY, 32, 4, 1, 64, 0), new Generator(1));
        assertTrue(trainAndDecode(net, pairs(640, false, 1), pairs(30, false, 2), 300, 3e-3) >= 0.9);
    }

    @Test
    void beamOfOneIsGreedyDecoding() {
        Seq2Seq net = new Seq2Seq(new Seq2Seq.Config(VOCABULARY, VOCABULARY, 16, 16, 1, false, "luong", 0),
                new Generator(3));
        net.eval();
        long[] source = {5, 6, 7, TranslationData.EOS_ID};
        TranslationNetwork.Decoding d = net.decoding(source);
        List<Long> greedy = new ArrayList<>();
        Object state = d.start();
        long last = TranslationData.BOS_ID;
        for (int step = 0; step < 8; step++) {
            TranslationNetwork.Step s = d.step(List.of(state), new long[] {last});
            double[] lp = s.logProbs()[0];
            int best = 0;
            for (int v = 1; v < lp.length; v++) if (lp[v] > lp[best]) best = v;
            if (best == TranslationData.EOS_ID) break;
            greedy.add((long) best);
            state = s.states().getFirst();
            last = best;
        }
        assertArrayEquals(greedy.stream().mapToLong(Long::longValue).toArray(),
                BeamSearch.search(net.decoding(source), 1, 8, 0).tokens());
        BeamSearch.Result wide = BeamSearch.search(net.decoding(source), 4, 8, 0.6);
        assertTrue(wide.attention().size() >= 1 && wide.attention().getFirst().length == source.length);
    }

    @Test
    void kindsRebuildFromMetadataAndRefuseBadInput() throws IOException {
        Path file = dir.resolve("pairs.tsv");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) text.append("ein Haus ").append(i % 5).append(".\ta house ").append(i % 5).append(".\n");
        Files.writeString(file, text);
        for (String name : List.of("seq2seq", "transformer")) {
            ModelKind<?, ?> kind = ModelKinds.get(name);
            Map<String, String> small = name.equals("seq2seq") ? Map.of("embedding", "8", "hidden", "8",
                    "attention", "bahdanau") : Map.of("width", "8", "heads", "2", "layers", "1", "feedforward", "16");
            Prepared p = kind.prepare(small, new TrainingOptions("pairs:" + file, 1, 8, "adam", 1e-3, 5));
            assertTrue(p.metadata().get("fitted.target-tokens").contains("house"), p.metadata().toString());
            Translator restored = (Translator) kind.restore(p.metadata());
            assertEquals(p.model().module().stateDict().keySet(), restored.module().stateDict().keySet());
            Translator.Translation t = restored.translate("ein Haus 3.", 2, 0.6);
            assertEquals(t.targetTokens().size(), t.attention().length);
            var empty = assertThrows(ConfigException.class, () -> restored.translate("  ", 1, 0));
            assertTrue(empty.getMessage().contains("source sentence is empty"));
            var wrongData = assertThrows(ConfigException.class, () -> kind.prepare(small,
                    new TrainingOptions("text:" + file, 1, 8, "adam", 1e-3, 5)));
            assertTrue(wrongData.getMessage().contains("use --data pairs:FILE"), wrongData.getMessage());
        }
    }
}

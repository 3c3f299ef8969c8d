// The sequence models: the character LSTM (state carried between calls, seeded sampling, greedy decoding that
// learns a repeating text) and the sequence tagger (feature encoding, padding ignored, learning a toy tagging rule).
package dev.dendrite.models;

import dev.dendrite.nn.F;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceModelsTest {
    @Test
    void charLstmCarriesItsStateAcrossCalls() {
        CharLstm model = new CharLstm(new CharLstm.Config(7, 5, 6, 2, 0), new Generator(1));
        model.eval();
        Tensor ids = Tensor.fromArray(new long[] {1, 2, 3, 4, 5, 6, 0, 1}, 2, 4);
        CharLstm.Output whole = model.forward(ids, null);
        assertEquals(Shape.of(2, 4, 7), whole.logits().shape());
        assertEquals(Shape.of(2, 2, 6), whole.state().h().shape());
        CharLstm.Output first = model.forward(ids.narrow(1, 0, 2), null);
        CharLstm.Output second = model.forward(ids.narrow(1, 2, 2), first.state());
        assertTrue(second.logits().allClose(whole.logits().narrow(1, 2, 2), 1e-5, 1e-6), "two windows = one pass");
    }

    @Test
    void charLstmLearnsARepeatingTextAndGeneratesItGreedily() {
        long[] text = new long[64];
        for (int i = 0; i < text.length; i++) text[i] = i % 4; // 0 1 2 3 0 1 2 3 ...
        Tensor x = Tensor.fromArray(java.util.Arrays.copyOfRange(text, 0, 63), 1, 63);
        Tensor y = Tensor.fromArray(java.util.Arrays.copyOfRange(text, 1, 64), 63);
        CharLstm model = new CharLstm(new CharLstm.Config(4, 8, 16, 1, 0), new Generator(2));
        Adam opt = new Adam(model.parameters(), 0.02);
        for (int step = 0; step < 60; step++) {
            opt.zeroGrad();
            F.crossEntropy(model.forward(x, null).logits().reshape(-1, 4), y).backward();
            opt.step();
        }
        assertArrayEquals(new long[] {3, 0, 1, 2, 3, 0}, model.generate(new long[] {1, 2}, 6, 0, 0, new Generator(0)));
        // Sampling is seeded: the same seed gives the same text.
        long[] a = model.generate(new long[] {0}, 20, 1.5, 0, new Generator(9));
        assertArrayEquals(a, model.generate(new long[] {0}, 20, 1.5, 0, new Generator(9)));
        assertTrue(model.isTraining(), "generate leaves the training mode as it was");
    }

    @Test
    void samplingFollowsTheSoftmaxOfTheScaledLogits() {
        Generator g = new Generator(3);
        double[] logits = {Math.log(1), Math.log(3)}; // p = 0.25, 0.75 at temperature 1
        int ones = 0;
        for (int i = 0; i < 4000; i++) ones += CharLstm.sample(logits, 1, 0, g);
        assertEquals(0.75, ones / 4000.0, 0.03);
        assertEquals(1, CharLstm.sample(logits, 0, 0, g));
        double[] three = {Math.log(1), Math.log(3), Math.log(2)}; // top-2 keeps ids 1 and 2: p = 0.6, 0.4
        int[] counts = new int[3];
        for (int i = 0; i < 4000; i++) counts[CharLstm.sample(three, 1, 2, g)]++;
        assertEquals(0, counts[0], "top-k excluded the least likely id");
        assertEquals(0.6, counts[1] / 4000.0, 0.03);
    }

    @Test
    void taggerFeaturesEncodeWordsTrigramsShapesAndPadding() {
        TaggerFeatures f = TaggerFeatures.fit(List.of(List.of("The", "cat", "sat"), List.of("the", "CAT", "ran")), 2);
        assertEquals(4, f.words()); // padding, unknown, cat, the
        TaggerFeatures.Batch b = f.encode(List.of(List.of("The", "dog"), List.of("CAT", "in", "1961")),
                List.of(new int[] {5, 0}, new int[] {0, 6, 7}));
        assertArrayEquals(new int[] {2, 3}, b.lengths());
        assertArrayEquals(new long[] {3, 1, 0, 2, 1, 1}, b.words().toLongArray());
        assertArrayEquals(new long[] {1, 0, 0, 2, 0, 3}, b.shapes().toLongArray());
        assertArrayEquals(new long[] {5, 0, -1, 0, 6, 7}, b.tags().toLongArray());
        assertEquals(0.0, b.trigrams().select(1, 2).select(0, 0).abs().sum().item(), "padding has no trigrams");
        TaggerFeatures again = TaggerFeatures.of(List.of(f.save().get("words").split("\n")),
                List.of(f.save().get("trigrams").split("\n")));
        assertArrayEquals(b.trigrams().toLongArray(), again.encode(List.of(List.of("The", "dog"), List.of("CAT", "in",
                "1961")), null).trigrams().toLongArray());
    }

    @Test
    void taggerLearnsAToyRuleAndIgnoresPadding() {
        // Tag 1 for capitalised words, 0 otherwise: learnable from the shape and trigram features.
        List<List<String>> sentences = List.of(List.of("Ann", "saw", "Bob"), List.of("we", "met", "Cy", "today"),
                List.of("Dan", "left"));
        List<int[]> tags = List.of(new int[] {1, 0, 1}, new int[] {0, 0, 1, 0}, new int[] {1, 0});
        TaggerFeatures f = TaggerFeatures.fit(sentences, 1);
        SequenceTagger tagger = new SequenceTagger(new SequenceTagger.Config(f.words(), f.trigrams(), 2, 8, 8, 8, 0),
                new Generator(4));
        TaggerFeatures.Batch batch = f.encode(sentences, tags);
        Tensor logits = tagger.forward(batch);
        assertEquals(Shape.of(3, 4, 2), logits.shape());
        Adam opt = new Adam(tagger.parameters(), 0.05);
        for (int step = 0; step < 40; step++) {
            opt.zeroGrad();
            F.maskedCrossEntropy(tagger.forward(batch), batch.tags(), batch.lengths()).backward();
            opt.step();
        }
        long[] predicted = tagger.forward(f.encode(List.of(List.of("Eve", "ran")), null)).argmax(2, false).toLongArray();
        assertArrayEquals(new long[] {1, 0}, predicted);
        // A sentence's tags do not depend on how much padding its batch has.
        tagger.eval();
        Tensor alone = tagger.forward(f.encode(List.of(List.of("Dan", "left")), null));
        Tensor padded = tagger.forward(f.encode(List.of(List.of("Dan", "left"), List.of("we", "met", "Cy", "today")), null));
        assertTrue(alone.select(0, 0).allClose(padded.select(0, 0).narrow(0, 0, 2), 1e-5, 1e-6));
        assertEquals(DType.FLOAT32, alone.dtype());
    }
}

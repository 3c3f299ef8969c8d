// The GPT language model: causality (a later token never changes an earlier position's logits), generation with
// the key-value cache equal to re-running the prefix, a pattern learned in a few steps, and the registry kind.
package dev.dendrite.models;

import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TextGenerator;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.F;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptTest {
    @TempDir
    Path dir;

    private static Gpt small(int block) {
        return new Gpt(new Gpt.Config(7, block, 16, 2, 2, 32, 0), new Generator(1));
    }

    @Test
    void laterTokensDoNotChangeEarlierLogits() {
        Gpt gpt = small(8);
        gpt.eval();
        Tensor a = gpt.forward(Tensor.fromArray(new long[] {1, 2, 3, 4, 5, 6}, 1, 6));
        Tensor b = gpt.forward(Tensor.fromArray(new long[] {1, 2, 3, 0, 0, 2}, 1, 6));
        assertTrue(a.narrow(1, 0, 3).allClose(b.narrow(1, 0, 3), 1e-6, 1e-6));
        assertTrue(!a.narrow(1, 3, 3).allClose(b.narrow(1, 3, 3), 1e-3, 1e-3));
    }

    @Test
    void cachedGenerationEqualsRerunningThePrefix() {
        Gpt gpt = small(40);
        long[] prompt = {1, 5, 2};
        // greedy: any difference in the logits would show as a different token sooner or later
        long[] cached = gpt.generate(prompt, 30, 0, 0, new Generator(2), true);
        assertArrayEquals(gpt.generate(prompt, 30, 0, 0, new Generator(2), false), cached);
        Gpt shortContext = small(12);
        assertEquals(30, shortContext.generate(prompt, 30, 0, 0, new Generator(2), true).length,
                "the cache is rebuilt when the context fills");
        long[] sampledA = gpt.generate(prompt, 20, 1.0, 3, new Generator(4), true);
        long[] sampledB = gpt.generate(prompt, 20, 1.0, 3, new Generator(4), true);
        assertArrayEquals(sampledA, sampledB, "the same seed samples the same text");
    }

    @Test
    void learnsARepeatingSequence() {
        Gpt gpt = small(8);
        Adam opt = new Adam(gpt.parameters(), 1e-2);
        long[] cycle = new long[9];
        for (int i = 0; i < 9; i++) cycle[i] = i % 3 + 1;
        Tensor in = Tensor.fromArray(java.util.Arrays.copyOf(cycle, 8), 1, 8);
        Tensor target = Tensor.fromArray(java.util.Arrays.copyOfRange(cycle, 1, 9), 1, 8);
        double first = 0;
        double loss = 0;
        for (int step = 0; step < 60; step++) {
            opt.zeroGrad();
            Tensor l = F.crossEntropy(gpt.forward(in).reshape(-1, 7), target.reshape(-1));
            l.backward();
            opt.step();
            loss = l.item();
            if (step == 0) first = loss;
        }
        assertTrue(loss < 0.05 && first > 1, "loss " + first + " -> " + loss);
        assertArrayEquals(new long[] {3, 1, 2, 3, 1, 2}, gpt.generate(new long[] {1, 2}, 6, 0, 0, new Generator(0), true));
    }

    @Test
    void theKindKeepsItsVocabularyAndGeneratesWithTheCache() throws IOException {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "abc abd\n".repeat(300));
        ModelKind<?, ?> kind = ModelKinds.get("gpt");
        Prepared p = kind.prepare(Map.of("width", "16", "heads", "2", "layers", "1", "context", "16",
                "feedforward", "32"), new TrainingOptions("text:" + text, 1, 4, "adam", 1e-3, 5));
        assertEquals("16", p.metadata().get("config.width"));
        TextGenerator restored = (TextGenerator) kind.restore(p.metadata());
        assertEquals(p.model().module().stateDict().keySet(), restored.module().stateDict().keySet());
        assertEquals(40, restored.generate("ab", 40, 0.8, 0, new Generator(0)).length());
        assertTrue(p.task().batchesPerEpoch() > 0);
    }
}

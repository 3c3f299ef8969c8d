// Every example runs on tiny sizes and does what it says, and the README's Java block is QuickStart's, line for
// line, so the documentation cannot rot.
package dev.dendrite.examples;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExamplesTest {
    @TempDir
    Path dir;

    @Test
    void quickStartTrainsAndSaves() throws Exception {
        var evaluation = QuickStart.run(2, dir.resolve("digits.safetensors"));
        assertTrue(evaluation.get("test_accuracy") > 0.8, evaluation.toString()); // observed 0.93 after 2 epochs
        assertTrue(Files.size(dir.resolve("digits.safetensors")) > 10_000);
    }

    @Test
    void theReadmeShowsQuickStartAsItIs() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/dendrite/examples/QuickStart.java"));
        List<String> example = source.substring(source.indexOf("// README begin") + 16, source.indexOf("        // README end"))
                .lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).toList();
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("```java\n", readme.indexOf("Example (")) + 8;
        List<String> shown = readme.substring(start, readme.indexOf("```", start)).lines().toList();
        assertEquals(example, shown);
    }

    @Test
    void theCustomOpsGradientMatchesCentralDifferences() {
        assertNull(CustomOp.check());
    }

    @Test
    void aLoadedModelPredictsAsTheSavedOne() throws Exception {
        Tensor[] both = SaveAndLoad.run(dir.resolve("mlp.safetensors"));
        assertTrue(both[0].allClose(both[1], 0, 0));
    }

    @Test
    void pyTorchWeightsLoadByName() throws Exception {
        Path file = dir.resolve("pytorch.safetensors");
        try (var in = getClass().getResourceAsStream("/pytorch-linear.safetensors")) {
            Files.copy(in, file);
        }
        var layer = LoadPyTorch.load(file);
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, layer.weight().toFloatArray());
        // x = (1, 1, 1): (0 + 0.25 + 0.5 - 1.5, 0.75 + 1 + 1.25 + 2.25)
        assertArrayEquals(new float[] {-0.75f, 5.25f}, layer.forward(Tensor.of(new float[][] {{1, 1, 1}})).toFloatArray(),
                1e-6f);
    }

    @Test
    void threadsShareAModelForInference() throws Exception {
        List<Tensor> outputs = ManyThreads.run(4);
        assertEquals(4, outputs.size());
        outputs.forEach(o -> assertTrue(o.allClose(outputs.get(0), 0, 0), Arrays.toString(o.dims())));
    }
}

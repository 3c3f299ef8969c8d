// The registry: every kind builds from its defaults, writes metadata that rebuilds the same model, and refuses
// unknown names and options with a message listing what exists.
package dev.dendrite.models;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TextGenerator;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelKindsTest {
    @TempDir
    Path dir;

    private static void sameShapes(Model a, Model b) {
        Map<String, Tensor> left = a.module().stateDict();
        Map<String, Tensor> right = b.module().stateDict();
        assertEquals(left.keySet(), right.keySet());
        left.forEach((k, v) -> assertEquals(v.shape(), right.get(k).shape(), k));
    }

    @Test
    void everyClassifierRebuildsFromItsMetadata() throws IOException {
        for (ModelKind<?, ?> kind : ModelKinds.ALL) {
            if (kind.defaultData() == null) {
                continue;
            }
            if (kind == Classifiers.LENET) { // LeNet-5 needs 12x12 images: the 8x8 digits are refused
                assertThrows(dev.dendrite.tensor.ShapeException.class, () -> kind.prepare(Map.of(),
                        new TrainingOptions("digits", 0, 8, "adam", 1e-3, 5)));
                continue;
            }
            Prepared p = kind.prepare(Map.of(), new TrainingOptions("digits", 0, 8, "adam", 1e-3, 5));
            assertEquals(kind.name(), p.metadata().get("model"));
            assertEquals("digits", p.metadata().get("train.data"));
            assertEquals("1,8,8", p.metadata().get("fitted.sample"));
            assertEquals("10", p.metadata().get("fitted.classes"));
            sameShapes(p.model(), kind.restore(p.metadata()));
            assertTrue(p.task().batchesPerEpoch() > 0);
        }
    }

    @Test
    void charLstmKeepsItsVocabularyAndGenerates() throws IOException {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "abc abd\n".repeat(200));
        ModelKind<?, ?> kind = ModelKinds.get("char-lstm");
        Prepared p = kind.prepare(Map.of("hidden", "16", "layers", "1", "seq-len", "10"),
                new TrainingOptions("text:" + text, 1, 4, "adam", 1e-3, 5));
        assertEquals("\n abcd", p.metadata().get("fitted.symbols").chars().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        assertEquals("16", p.metadata().get("config.hidden"));
        assertEquals("text:" + text.toAbsolutePath(), p.metadata().get("train.data"));
        Model restored = kind.restore(p.metadata());
        sameShapes(p.model(), restored);
        assertEquals(5, ((TextGenerator) restored).generate("ab", 5, 0, 0, new dev.dendrite.tensor.Generator(0)).length());
        assertEquals(p.metadata().get("train.lr"), ModelKind.options(p.metadata()).lr() + "");
    }

    @Test
    void unknownKindsAndOptionsAreNamed() {
        ConfigException kind = assertThrows(ConfigException.class, () -> ModelKinds.get("resnet"));
        assertTrue(kind.getMessage().contains("unknown model 'resnet'") && kind.getMessage().contains("char-lstm"));
        ConfigException option = assertThrows(ConfigException.class, () -> Classifiers.MLP.prepare(Map.of("width", "3"),
                new TrainingOptions("xor", 0, 4, "adam", 1e-3, 5)));
        assertTrue(option.getMessage().contains("unknown option 'width'") && option.getMessage().contains("hidden"));
        assertThrows(ConfigException.class, () -> new TrainingOptions("xor", 0, 0, "adam", 1e-3, 5));
        assertThrows(ConfigException.class, () -> new TrainingOptions("xor", 0, 4, "adam", Double.NaN, 5));
    }
}

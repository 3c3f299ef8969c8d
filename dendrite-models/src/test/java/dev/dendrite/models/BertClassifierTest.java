// bert-classifier: fine-tuning from a pretrained bert checkpoint loads its vocabulary, positions and every "bert."
// weight, learns a small labelled set whose label one word decides, and classifies; from random initialisation it
// learns its own vocabulary; long texts keep head and tail; a mismatched or foreign --init gives a clear error.
package dev.dendrite.models;

import dev.dendrite.data.WordPiece;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TextClassifier;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.EpochRecord;
import dev.dendrite.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertClassifierTest {
    @TempDir
    Path dir;

    private static final String[] FILLER = {"the", "film", "was", "a", "plot", "and", "actors", "scenes", "music"};

    private Path corpus() throws IOException {
        StringBuilder b = new StringBuilder();
        Generator g = new Generator(3);
        for (int d = 0; d < 40; d++) {
            for (int s = 0; s < 3; s++) {
                for (int w = 0; w < 5; w++) b.append(FILLER[g.nextInt(FILLER.length)]).append(' ');
                b.append(g.nextDouble() < 0.5 ? "wonderful" : "awful").append(" .\n");
            }
            b.append('\n');
        }
        return Files.writeString(dir.resolve("corpus.txt"), b);
    }

    private Path reviews() throws IOException {
        StringBuilder rows = new StringBuilder("label\ttext\n");
        Generator g = new Generator(5);
        for (int i = 0; i < 160; i++) {
            boolean positive = i % 2 == 0;
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 5; w++) text.append(FILLER[g.nextInt(FILLER.length)]).append(' ');
            text.append(positive ? "wonderful" : "awful").append(" . ").append(FILLER[g.nextInt(FILLER.length)]);
            rows.append(positive ? "pos" : "neg").append('\t').append(text).append('\n');
        }
        return Files.writeString(dir.resolve("reviews.tsv"), rows);
    }

    private static final Map<String, String> TINY = Map.of("layers", "1", "hidden", "32", "max-length", "24");

    /** A bert checkpoint as `dendrite train --model bert` writes it. */
    private Path pretrained() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(TINY);
        settings.putAll(Map.of("vocab-size", "60", "held-out", "0.2", "dropout", "0"));
        Prepared p = ModelKinds.get("bert").prepare(settings,
                new TrainingOptions("text:" + corpus(), 1, 16, "adamw", 3e-3, 5));
        new TrainingLoop(TrainingLoop.Config.epochs(2)).run(p.task(), 0, List.of());
        Path file = dir.resolve("bert.safetensors");
        Checkpoint.save(file, p.task().state(), new Checkpoint.Position(1, 0), p.metadata());
        return file;
    }

    private TrainingOptions options(String init) throws IOException {
        return new TrainingOptions("tsv:" + reviews(), 0, 16, "adamw", 2e-3, 5, init);
    }

    @Test
    void fineTuningStartsFromThePretrainedEncoderAndLearnsTheLabels() throws IOException {
        Path init = pretrained();
        Map<String, Tensor> saved = dev.dendrite.io.Safetensors.read(init).tensors();
        Map<String, String> settings = new java.util.HashMap<>(TINY);
        settings.put("test-fraction", "0.25");
        ModelKind<?, ?> kind = ModelKinds.get("bert-classifier");
        Prepared p = kind.prepare(settings, options(init.toString()));
        BertForSequenceClassification module = (BertForSequenceClassification) p.model().module();
        module.bert().stateDict().forEach((name, t) -> assertArrayEquals(saved.get("model.bert." + name).toFloatArray(),
                t.toFloatArray(), name));
        assertEquals(saved.get("model.bert.embeddings.word_embeddings.weight").size(0),
                ((BertClassifierKind.Classifier) p.model()).vocab().size());

        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(6)).run(p.task(), 0, List.of());
        // observed: 100 % held-out accuracy after 6 epochs; one word decides the label
        assertTrue(history.getLast().evaluation().get("test_accuracy") > 0.9, history.getLast().toString());
        TextClassifier restored = (TextClassifier) kind.restore(p.metadata());
        restored.module().loadState(module.stateDict());
        assertEquals("pos", restored.classify("the film was a plot wonderful . music").label());
        assertEquals("neg", restored.classify("the film was a plot awful . music").label());
    }

    @Test
    void fromRandomInitialisationItLearnsItsOwnVocabulary() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(TINY);
        settings.putAll(Map.of("test-fraction", "0.25", "vocab-size", "80"));
        Prepared p = ModelKinds.get("bert-classifier").prepare(settings, options(""));
        WordPiece vocab = ((BertClassifierKind.Classifier) p.model()).vocab();
        assertTrue(vocab.contains("wonderful") && vocab.size() <= 80, vocab.tokens().toString());
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(6)).run(p.task(), 0, List.of());
        assertTrue(history.getLast().train().get("loss") < 0.7 * history.getFirst().train().get("loss"),
                history.toString());
    }

    @Test
    void aLongTextKeepsItsHeadAndTail() {
        List<String> words = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
        List<String> tokens = new java.util.ArrayList<>(WordPiece.SPECIALS);
        tokens.addAll(words);
        WordPiece vocab = new WordPiece(tokens, true);
        int[] ids = BertClassifierKind.encoder(vocab, 10).apply(words);
        // 8 pieces fit: the first 2 and the last 6
        String kept = vocab.decode(ids);
        assertEquals("[CLS] a b g h i j k l [SEP]", kept);
        assertEquals(6, BertClassifierKind.encoder(vocab, 10).apply(words.subList(0, 4)).length);
    }

    @Test
    void aMismatchedOrForeignInitIsRefused() throws IOException {
        Path init = pretrained();
        ModelKind<?, ?> kind = ModelKinds.get("bert-classifier");
        var shape = assertThrows(ConfigException.class, () -> kind.prepare(Map.of("layers", "2", "hidden", "32"),
                options(init.toString())));
        assertTrue(shape.getMessage().contains("1 layers and hidden 32") && shape.getMessage().contains("layers=1"),
                shape.getMessage());
        var positions = assertThrows(ConfigException.class, () -> kind.prepare(Map.of("layers", "1", "hidden", "32",
                "max-length", "64"), options(init.toString())));
        assertTrue(positions.getMessage().contains("exceeds the 24 positions"), positions.getMessage());
        Path mlp = dir.resolve("mlp.safetensors");
        Prepared other = ModelKinds.get("mlp").prepare(Map.of(), new TrainingOptions("xor", 0, 4, "adam", 1e-3, 5));
        Checkpoint.save(mlp, other.task().state(), new Checkpoint.Position(0, 0), other.metadata());
        var foreign = assertThrows(ConfigException.class, () -> kind.prepare(TINY, options(mlp.toString())));
        assertTrue(foreign.getMessage().contains("one of model mlp"), foreign.getMessage());
    }
}

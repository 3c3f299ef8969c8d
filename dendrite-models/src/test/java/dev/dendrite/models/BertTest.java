// BERT: a randomly initialised BERT written by plain PyTorch 1.13 with Hugging Face's BertForPreTraining names
// (fixtures/make_bert_fixture.py) loads by name from safetensors and gives the same MLM and NSP logits; the
// published shapes; errors for inputs longer than the position table.
package dev.dendrite.models;

import dev.dendrite.io.Safetensors;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertTest {
    private static Map<String, Tensor> tsv(String resource) throws IOException {
        Map<String, Tensor> out = new HashMap<>();
        try (InputStream in = BertTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split("\t");
                int[] dims = Arrays.stream(parts[1].split(",")).mapToInt(Integer::parseInt).toArray();
                double[] values = Arrays.stream(parts[2].split(" ")).mapToDouble(Double::parseDouble).toArray();
                out.put(parts[0], Tensor.fromArray(values, dims));
            }
        }
        return out;
    }

    private static Map<String, Tensor> safetensors(String resource) throws IOException {
        Path copy = Files.createTempFile("bert", ".safetensors");
        try (InputStream in = BertTest.class.getResourceAsStream(resource)) {
            Files.write(copy, in.readAllBytes());
            return Safetensors.read(copy).tensors();
        } finally {
            Files.delete(copy);
        }
    }

    @Test
    void aPyTorchBertWithHuggingFaceNamesLoadsByNameAndGivesItsLogits() throws IOException {
        Map<String, Tensor> expected = tsv("/fixtures/bert-random.tsv");
        BertForPreTraining model = new BertForPreTraining(new Bert.Config(50, 32, 2, 2, 64, 16, 2, 0.1, 1e-12),
                new Generator(0));
        model.loadState(safetensors("/fixtures/bert-random.safetensors"));
        model.eval();
        Tensor ids = expected.get("ids").to(DType.INT64);
        Tensor padding = expected.get("attention").eq(0).to(DType.INT64);
        BertForPreTraining.Output out = model.forward(ids, expected.get("segments").to(DType.INT64), padding);
        assertTrue(out.mlmLogits().to(DType.FLOAT64).allClose(expected.get("mlm"), 1e-4, 1e-4), "MLM logits "
                + out.mlmLogits().to(DType.FLOAT64).sub(expected.get("mlm")).abs().max(new int[] {2}, false) + " NSP "
                + out.nspLogits() + " vs " + expected.get("nsp"));
        assertTrue(out.nspLogits().to(DType.FLOAT64).allClose(expected.get("nsp"), 1e-4, 1e-4), "NSP logits");
    }

    @Test
    void publishedShapesAndTooLongInputs() {
        Bert.Config mini = Bert.Config.of(30522, 4, 256);
        assertEquals(4, mini.heads());
        assertEquals(1024, mini.intermediate());
        Bert small = new Bert(new Bert.Config(20, 16, 1, 2, 32, 8, 2, 0, 1e-12), new Generator(0));
        assertEquals(0.0, small.wordEmbeddings().select(0, 0).abs().sum().item(), "the [PAD] row starts at zero");
        var e = assertThrows(ShapeException.class, () -> small.forward(Tensor.zeros(DType.INT64, 1, 9), null, null));
        assertTrue(e.getMessage().contains("T <= 8 positions"), e.getMessage());
    }
}

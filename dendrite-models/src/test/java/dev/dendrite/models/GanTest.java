// gan and dcgan: each alternating step updates only its own network and no gradient reaches the generator
// through the detached images of the discriminator's step (the dcgan with and without its dense layers); a short
// run on the embedded digits keeps its losses finite; a checkpoint holds both networks, both optimizers and the
// noise generator, and resumes bit-exact; a conditional GAN draws the classes asked for and refuses to draw
// without one; the fully connected gan refuses the dcgan's dense width.
package dev.dendrite.models;

import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.EpochRecord;
import dev.dendrite.train.Optimization;
import dev.dendrite.train.Task;
import dev.dendrite.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanTest {
    @TempDir
    Path dir;

    private static Prepared dcgan(Map<String, String> settings) throws IOException {
        return ModelKinds.get("dcgan").prepare(settings, new TrainingOptions("digits", 3, 32, "adam", 2e-4, 5));
    }

    private static List<float[]> values(List<Tensor> params) {
        return params.stream().map(Tensor::toFloatArray).toList();
    }

    private static List<float[]> grads(List<Tensor> params) {
        return params.stream().map(p -> p.grad() == null ? new float[0] : p.grad().toFloatArray()).toList();
    }

    private static void assertSame(List<float[]> before, List<float[]> after, String what) {
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), what + " " + i);
    }

    @Test
    void eachStepUpdatesOnlyItsNetworkAndNothingLeaksThroughDetach() throws IOException {
        for (String dense : List.of("0", "32")) {
            eachStepUpdatesOnlyItsNetwork(dcgan(Map.of("features", "8", "noise", "16", "dense", dense)));
        }
    }

    private static void eachStepUpdatesOnlyItsNetwork(Prepared p) throws IOException {
        Gan gan = ((GanKind.GanModel) p.model()).module();
        List<Tensor> g = gan.generator().parameters();
        List<Tensor> d = gan.discriminator().parameters();
        Map<String, Optimizer> optimizers = p.task().state().optimizers();
        List<String> order = new ArrayList<>();
        Optimization checked = (name, loss) -> {
            order.add(name);
            List<Tensor> other = name.equals("discriminator") ? g : d;
            List<float[]> otherValues = values(other);
            List<float[]> otherGrads = grads(other);
            optimizers.get(name).zeroGrad();
            loss.backward();
            if (name.equals("discriminator")) {
                assertSame(otherGrads, grads(g), "generator gradient after the discriminator's backward");
            }
            List<float[]> ownBefore = values(name.equals("discriminator") ? d : g);
            optimizers.get(name).step();
            assertSame(otherValues, values(other), name + " step left the other network");
            assertFalse(java.util.Arrays.equals(ownBefore.getFirst(), values(name.equals("discriminator") ? d : g)
                    .getFirst()), name + " step changed its own network");
            return true;
        };
        Task.Epoch epoch = p.task().epoch(0);
        for (int b = 0; b < 3; b++) epoch.step(b, checked);
        assertEquals(List.of("discriminator", "generator", "discriminator", "generator", "discriminator", "generator"),
                order);
    }

    @Test
    void aShortRunKeepsItsLossesFiniteAndResumesBitExact() throws IOException {
        Map<String, String> small = Map.of("features", "8", "noise", "16", "dense", "32");
        Prepared straight = dcgan(small);
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(2)).run(straight.task(), 0, List.of());
        for (EpochRecord r : history) {
            for (String k : List.of("d_loss", "g_loss", "d_real", "d_fake")) {
                assertTrue(Double.isFinite(r.train().get(k)), k + " " + r);
            }
            assertTrue(r.evaluation().get("test_d_real") > 0 && r.evaluation().get("test_d_real") < 1, r.toString());
        }
        Prepared first = dcgan(small);
        new TrainingLoop(TrainingLoop.Config.epochs(1)).run(first.task(), 0, List.of());
        Path file = dir.resolve("gan.safetensors");
        Checkpoint.save(file, first.task().state(), new Checkpoint.Position(0, 0), first.metadata());
        Prepared resumed = dcgan(small);
        Checkpoint.load(file, resumed.task().state());
        new TrainingLoop(TrainingLoop.Config.epochs(2)).run(resumed.task(), 1, List.of());
        Map<String, Tensor> expected = straight.model().module().stateDict();
        resumed.model().module().stateDict().forEach((name, t) -> assertArrayEquals(expected.get(name).toFloatArray(),
                t.toFloatArray(), name));
    }

    @Test
    void theFullyConnectedGanRefusesADenseWidth() {
        var refused = assertThrows(IllegalArgumentException.class, () -> ModelKinds.get("gan").prepare(
                Map.of("dense", "8"), new TrainingOptions("digits", 0, 32, "adam", 2e-4, 5)));
        assertTrue(refused.getMessage().contains("dense is the dcgan's"), refused.getMessage());
    }

    @Test
    void aConditionalGanDrawsTheClassesAskedFor() throws IOException {
        for (String kind : List.of("gan", "dcgan")) {
            Map<String, String> small = new java.util.HashMap<>(Map.of("conditional", "true", "features", "8",
                    "noise", "16"));
            if (kind.equals("dcgan")) small.put("dense", "32");
            Prepared p = ModelKinds.get(kind).prepare(small, new TrainingOptions("digits", 0, 32, "adam", 2e-4, 5));
            ImageGenerator model = (ImageGenerator) p.model();
            assertEquals(10, model.classes());
            Tensor images = model.generate(Tensor.randn(new Generator(1), 4, 16), Tensor.fromArray(new long[] {7, 7, 1, 0}, 4));
            assertEquals(Shape.of(4, 1, 8, 8), images.shape());
            assertTrue(images.min().item() >= 0 && images.max().item() <= 1, kind);
            var none = assertThrows(ConfigException.class, () -> model.generate(Tensor.randn(new Generator(1), 4, 16), null));
            assertTrue(none.getMessage().contains("name the class"), none.getMessage());
        }
    }
}

// Checkpoints restore model, optimizer and generator so training resumes bit for bit, and a writer killed
// mid-write leaves the previous checkpoint loadable.
package dev.dendrite.io;

import dev.dendrite.nn.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential model(Generator g) {
        return new Sequential(new Linear(6, 16, g), new ReLU(), new Linear(16, 3, g));
    }

    /** One step on a random batch drawn from the generator (so resuming must restore it too). */
    private static void trainStep(Sequential m, Optimizer opt, Generator g) {
        Tensor x = Tensor.randn(g, 8, 6);
        Tensor y = Tensor.fromArray(new long[] {0, 1, 2, 0, 1, 2, 0, 1});
        opt.zeroGrad();
        F.crossEntropy(m.forward(x), y).backward();
        opt.step();
    }

    @Test
    void resumedTrainingMatchesAnUninterruptedRunBitForBit() throws IOException {
        Generator g1 = new Generator(7);
        Sequential straight = model(g1);
        Adam opt1 = new Adam(straight.parameters(), 0.01);
        for (int i = 0; i < 6; i++) {
            trainStep(straight, opt1, g1);
        }

        Generator g2 = new Generator(7);
        Sequential first = model(g2);
        Adam opt2 = new Adam(first.parameters(), 0.01);
        for (int i = 0; i < 3; i++) {
            trainStep(first, opt2, g2);
        }
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, first, opt2, g2, new Checkpoint.Position(1, 3));

        Generator g3 = new Generator(999);
        Sequential resumed = model(g3);
        Adam opt3 = new Adam(resumed.parameters(), 0.5);
        Checkpoint.Position at = Checkpoint.load(file, resumed, opt3, g3);
        assertEquals(new Checkpoint.Position(1, 3), at);
        for (int i = 0; i < 3; i++) {
            trainStep(resumed, opt3, g3);
        }
        straight.namedParameters().forEach((k, v) ->
                assertArrayEquals(v.toFloatArray(), resumed.namedParameters().get(k).toFloatArray(), k));
    }

    /** Child process: writes checkpoints of a large model to args[0] until killed (or for 60 s at most). */
    public static void main(String[] args) throws IOException {
        Generator g = new Generator(1);
        Sequential big = new Sequential(new Linear(1000, 2000, g), new Linear(2000, 1000, g));
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (long i = 0; System.nanoTime() < deadline; i++) {
            Checkpoint.save(Path.of(args[0]), big, null, null, new Checkpoint.Position(i, i));
            System.out.println("saved " + i);
        }
    }

    @Test
    void aWriterKilledMidWriteLeavesThePreviousCheckpointLoadable() throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), CheckpointTest.class.getName(), file.toString()));
        Generator jitter = new Generator(3);
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                String line;
                do {
                    line = out.readLine(); // wait until the first checkpoint is complete
                } while (line != null && !line.startsWith("saved"));
                assertTrue(line != null, "the writer process ended without saving");
                Thread.sleep(20 + jitter.nextInt(200)); // then kill it somewhere inside a later write
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Sequential probe = new Sequential(new Linear(1000, 2000, new Generator(5)), new Linear(2000, 1000, new Generator(5)));
            Checkpoint.Position at = Checkpoint.load(file, probe, null, null);
            assertTrue(at.epoch() >= 0);
            assertArrayEquals(new Sequential(new Linear(1000, 2000, new Generator(1)), new Linear(2000, 1000, new Generator(1)))
                    .namedParameters().get("0.bias").toFloatArray(), probe.namedParameters().get("0.bias").toFloatArray());
        }
    }
}

// A run killed at any moment, including while it writes its checkpoint, metrics or best weights, resumes: after
// 20 kills of a training process the next start leaves no temporary file, the checkpoint loads, and metrics.csv
// holds each epoch once, up to the checkpoint's.
package dev.dendrite.cli;

import dev.dendrite.io.Checkpoint;
import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KilledRunsTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void twentyKillsLeaveAResumableRunWithoutTemporariesOrDuplicateEpochs() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog\n".repeat(250));
        Path out = dir.resolve("run");
        List<String> train = List.of("train", "--model", "char-lstm", "--data", "text:" + text, "--set",
                "hidden=64,layers=1,embedding=16,seq-len=25", "--batch-size", "8", "--epochs", "500", "--out",
                out.toString(), "--resume");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(train);
        Generator jitter = new Generator(12);
        int temporariesSeen = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                // Even kills land just after an epoch's line, while its files are being written; odd ones mid-epoch.
                int epochs = 1 + jitter.nextInt(2);
                for (int seen = 0; seen < epochs; ) {
                    String line = lines.readLine();
                    if (line == null) {
                        break;
                    }
                    seen += line.startsWith("epoch ") ? 1 : 0;
                }
                Thread.sleep(kill % 2 == 0 ? jitter.nextInt(8) : 20 + jitter.nextInt(150));
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            }
            try (var files = Files.list(out)) {
                temporariesSeen += (int) files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
            }
        }
        System.out.println("temporary files seen between kills: " + temporariesSeen);
        // The next start: one more epoch after the checkpoint's.
        long saved = Long.parseLong(Checkpoint.metadata(out.resolve("checkpoint.safetensors")).get("epoch"));
        List<String> next = new ArrayList<>(train);
        next.set(next.indexOf("500"), Long.toString(saved + 2));
        Cli.Result resumed = Cli.run(next.toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.err());
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "temporary files left after the next start (" + temporariesSeen + " seen between kills)");
        }
        long epoch = Long.parseLong(Checkpoint.metadata(out.resolve("checkpoint.safetensors")).get("epoch"));
        assertEquals(saved + 1, epoch);
        assertTrue(SavedCheckpoint.read(out.resolve("checkpoint.safetensors")).restore() != null);
        assertTrue(SavedCheckpoint.read(out.resolve("best.safetensors")).restore() != null);
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(Integer.toString(i), rows.get(i).split(",")[0], "row " + i + " of " + rows);
        }
        assertEquals(epoch + 1, rows.size() - 1, "metrics rows up to the checkpoint's epoch");
    }
}

// The command line never lies and never destroys: each case is one that used to report a success that was not,
// overwrite a run, or print a stack trace instead of one line naming the file, option or value (status 2).
package dev.dendrite.cli;

import dev.dendrite.io.Safetensors;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static dev.dendrite.cli.Cli.number;
import static dev.dendrite.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliHonestyTest {
    @TempDir
    Path dir;

    /** Status 2 and one line on stderr containing every fragment, no stack trace. */
    private static void refused(Cli.Result r, String... fragments) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' missing from: " + r.err());
        }
    }

    private String out(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aDivergingRunStopsNamingTheStepInsteadOfReportingNaNAccuracy() {
        Cli.Result r = run("train", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "2", "--out", out("nan"));
        refused(r, "the training loss is", "at epoch ", "batch ", "--lr");
        assertFalse(r.out().contains("100.00%"), r.out());
    }

    @Test
    void aCsvWithANaNCellOrAnOverflowIsRefusedAndHugeFeaturesStandardiseFinely() throws IOException {
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "1,2,0\n3,NaN,1\n5,6,0\n7,8,1\n9,1,0\n");
        refused(run("train", "--model", "perceptron", "--data", "csv:" + nan, "--out", out("a")), nan.toString(),
                "line 2", "NaN");
        Path huge = dir.resolve("huge.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 2 == 0 ? "1e30" : "3e30").append(',').append(i % 2).append('\n');
        }
        Files.writeString(huge, rows);
        Cli.Result r = run("train", "--model", "perceptron", "--data", "csv:" + huge, "--epochs", "30", "--lr", "0.1",
                "--out", out("b"), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(1.0, number(r.out(), "test_accuracy"), r.out()); // the feature alone separates the classes
    }

    @Test
    void aHeaderlessCsvKeepsItsFirstRow() throws IOException {
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,1\n4.7,3.2,1.3,0.2,0\n4.6,3.1,1.5,0.2,1\n5.0,3.6,1.4,0.2,0\n");
        Cli.Result r = run("summary", "--model", "perceptron", "--data", "csv:" + one);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Linear(4, 2"), r.out());
    }

    @Test
    void anAllZeroCheckpointScoresTheShareOfClassZeroNotAHundredPercent() throws IOException {
        Cli.Result trained = run("train", "--epochs", "1", "--out", out("z"), "--json");
        assertEquals(0, trained.status(), trained.err());
        Path file = dir.resolve("z").resolve("checkpoint.safetensors");
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, Tensor> zeroed = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> zeroed.put(k, k.startsWith("model.") ? Tensor.zeros(v.dims()) : v));
        Safetensors.write(file, zeroed, c.metadata());
        Cli.Result eval = run("eval", "--checkpoint", file.toString(), "--json");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(number(eval.out(), "test_accuracy") < 0.2, eval.out()); // all outputs tie: class 0 is predicted
    }

    @Test
    void aRerunIntoAnExistingRunRefusesAndLeavesItsFilesByteIdentical() throws IOException {
        assertEquals(0, run("train", "--epochs", "2", "--out", out("run")).status());
        Path run = dir.resolve("run");
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String f : List.of("checkpoint.safetensors", "metrics.csv", "curves.png")) {
            before.put(f, Files.readAllBytes(run.resolve(f)));
        }
        refused(run("train", "--epochs", "2", "--out", out("run")), "already holds a run", "--resume", "--overwrite");
        refused(run("train", "--epochs", "2", "--out", out("run"), "--overwrite", "--optimizer", "nope"),
                "unknown optimizer 'nope'");
        refused(run("train", "--epochs", "3", "--out", out("run"), "--resume", "--lr", "0.01"),
                "lr is 0.01 here but 0.001 in the run being resumed");
        // A replacement that fails in its first epoch leaves the earlier run whole.
        refused(run("train", "--epochs", "2", "--out", out("run"), "--overwrite", "--optimizer", "sgd", "--lr", "1e6"),
                "the training loss is");
        before.forEach((f, bytes) -> {
            try {
                assertArrayEquals(bytes, Files.readAllBytes(run.resolve(f)), f);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Cli.Result replaced = run("train", "--epochs", "1", "--out", out("run"), "--overwrite");
        assertEquals(0, replaced.status(), replaced.err());
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size());
    }

    @Test
    void tensorBoardEventsBelongToTheRunAndGoWithIt() throws IOException {
        assertEquals(0, run("train", "--epochs", "2", "--tensorboard", "--out", out("tb")).status());
        Path tb = dir.resolve("tb");
        java.util.function.Supplier<List<Path>> events = () -> {
            try (var files = Files.list(tb)) {
                return files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        assertEquals(1, events.get().size());
        assertTrue(Files.size(events.get().getFirst()) > 500); // the version record and 2 epochs x 7 scalars
        assertEquals(0, run("train", "--epochs", "1", "--tensorboard", "--out", out("tb"), "--overwrite").status());
        assertEquals(1, events.get().size(), "the replaced run's events are gone");
        assertTrue(Files.isReadable(tb.resolve("metrics.csv")));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // what the umask gives a new file
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(tb.resolve("metrics.csv")));
    }

    @Test
    void theDefaultDirectoryOfARepeatedRunIsANewOne() throws IOException {
        Path runs = dir.resolve("runs");
        assertEquals(runs.resolve("mlp-digits"), RunDirectory.under(runs, "mlp-digits", false).dir());
        Files.createDirectories(runs.resolve("mlp-digits"));
        Files.writeString(runs.resolve("mlp-digits").resolve("metrics.csv"), "epoch\n");
        assertEquals(runs.resolve("mlp-digits-2"), RunDirectory.under(runs, "mlp-digits", false).dir());
        assertEquals(runs.resolve("mlp-digits"), RunDirectory.under(runs, "mlp-digits", true).dir());
    }

    @Test
    void noEpochMeansNoClaimOfACheckpoint() {
        Cli.Result r = run("train", "--epochs", "0", "--out", out("none"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("nothing was written"), r.out());
        assertFalse(Files.exists(dir.resolve("none").resolve("checkpoint.safetensors")));
    }

    @Test
    void topKIsLeftOutWhenItCoversEveryClass() {
        Cli.Result r = run("train", "--model", "xor", "--data", "xor", "--epochs", "1", "--out", out("x"), "--json");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("top5"), r.out());
    }

    @Test
    void theCheckpointFindsItsDataFromAnyDirectory() throws IOException {
        Path csv = Path.of("..", "examples", "iris.csv");
        Cli.Result r = run("train", "--model", "mlp", "--data", "csv:" + csv, "--epochs", "1", "--out", out("iris"));
        assertEquals(0, r.status(), r.err());
        String data = dev.dendrite.io.Checkpoint.metadata(dir.resolve("iris").resolve("checkpoint.safetensors"))
                .get("train.data");
        assertEquals("csv:" + csv.toAbsolutePath().normalize(), data);
    }

    @Test
    void idxLabelsThatSkipClassesAreRefused() throws IOException {
        Path mnist = dir.resolve("mnist");
        Files.createDirectories(mnist);
        for (String split : List.of("train", "t10k")) {
            writeIdx(mnist.resolve(split + "-images-idx3-ubyte"), new int[] {3, 2, 2}, new byte[12]);
            writeIdx(mnist.resolve(split + "-labels-idx1-ubyte"), new int[] {3}, new byte[] {0, 1, (byte) 200});
        }
        refused(run("train", "--data", "mnist:" + mnist, "--out", out("m")), "the largest label is 200",
                "198 of the classes");
    }

    private static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    @Test
    void userErrorsAreOneLineNamingTheOptionOrFile() throws IOException {
        refused(run("train", "--set", "hidden=0", "--out", out("h")), "hidden=0", "at least 1");
        refused(run("train", "--set", "layers=2", "--out", out("l")), "unknown option 'layers'", "hidden, dropout");
        refused(run("train", "--epochs", "x"), "--epochs", "'x'");
        refused(run("predict", "--checkpoint", out("missing.safetensors"), "--count", "-1"), "--count");
        refused(run("generate", "--checkpoint", out("missing.safetensors"), "--length", "-5"), "--length");
        refused(run("eval", "--checkpoint", out("missing.safetensors")), "missing.safetensors", "no such file");
        refused(run("eval", "--checkpoint", dir.toString()), "is a directory");
        refused(run("train", "--data", "csv:" + out("missing.csv"), "--out", out("c")), "missing.csv");
        refused(run("train", "--data", "csv:" + dir, "--out", out("d")), dir.toString(), "is a directory");
        Path corrupt = dir.resolve("corrupt.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(corrupt))) {
            o.write("1,2,0\n3,4,1\n".repeat(2000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(corrupt);
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        refused(run("train", "--data", "csv:" + corrupt, "--out", out("g")), corrupt.toString(), "gzip");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 cr\u00e8me ".repeat(100).getBytes(StandardCharsets.ISO_8859_1));
        refused(run("train", "--model", "char-lstm", "--data", "text:" + latin1, "--out", out("t")), latin1.toString(),
                "not UTF-8");
        Path crafted = dir.resolve("crafted.safetensors");
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2000000000],\"data_offsets\":[0,8000000000]}}";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8));
        Files.write(crafted, b.array());
        refused(run("eval", "--checkpoint", crafted.toString()), "crafted.safetensors");
        refused(run("generate", "--checkpoint", "/dev/null/x"), "/dev/null/x");
    }

    @Test
    void modelsListsEveryKindWithItsOptionsAndDefaults() {
        Cli.Result r = run("models", "--json");
        assertEquals(0, r.status(), r.err());
        for (var kind : dev.dendrite.models.ModelKinds.ALL) {
            assertTrue(r.out().contains("\"name\":\"" + kind.name() + "\""), kind.name());
        }
        assertTrue(r.out().contains("{\"name\":\"hidden\",\"type\":\"integers, comma-separated\",\"default\":\"256,128\"}"),
                r.out());
        assertTrue(r.out().contains("{\"name\":\"seq-len\",\"type\":\"integer\",\"default\":\"100\"}"), r.out());
    }

    @Test
    void summaryWorksForACharLstmOnAText() throws IOException {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "hello world\n".repeat(100));
        Cli.Result r = run("summary", "--model", "char-lstm", "--data", "text:" + text, "--set", "hidden=16,layers=1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("lstm") && r.out().contains("decoder") && r.out().contains("total parameters"), r.out());
    }

    @Test
    void everyOptionOfTrainHasADescription() {
        Cli.Result r = run("train", "--help");
        assertEquals(0, r.status());
        String help = r.out().substring(r.out().indexOf("\n      --"));
        for (String option : List.of("--epochs", "--batch-size", "--lr", "--seed", "--optimizer", "--schedule")) {
            int at = help.indexOf("\n      " + option + "=");
            assertTrue(at >= 0, option + " missing from " + help);
            String entry = help.substring(at + 1, help.indexOf("\n      --", at + 1));
            assertTrue(entry.replaceAll("\\s+", " ").contains("(default: "), entry);
        }
    }
}

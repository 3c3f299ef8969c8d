// Readers (IDX, CSV, the embedded digits), splits, standardisation and the DataLoader's order and prefetching.
package dev.dendrite.data;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTest {
    @TempDir
    Path dir;

    private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) out.writeInt(d);
        out.write(data);
        return bytes.toByteArray();
    }

    @Test
    void idxPlainAndGzipped() throws IOException {
        byte[] file = idx(0x08, new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 255, 7});
        Path plain = dir.resolve("a-idx2-ubyte");
        Files.write(plain, file);
        Path gz = dir.resolve("a-idx2-ubyte.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(file);
        }
        for (Path p : List.of(plain, gz)) {
            Tensor t = Idx.read(p, false);
            assertEquals(DType.INT64, t.dtype());
            assertEquals(Shape.of(2, 3), t.shape());
            assertArrayEquals(new long[] {0, 1, 2, 200, 255, 7}, t.toLongArray());
        }
        assertArrayEquals(new float[] {0, 1, 2, 200, 255, 7}, Idx.read(plain, true).toFloatArray());
    }

    @Test
    void malformedIdxNamesFileAndOffset() throws IOException {
        Path truncated = dir.resolve("t-idx1-ubyte");
        Files.write(truncated, idx(0x08, new int[] {10}, new byte[4]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(truncated, false));
        assertTrue(e.getMessage().contains("t-idx1-ubyte") && e.getMessage().contains("byte 12"), e.getMessage());
        Path wrongMagic = dir.resolve("w");
        Files.write(wrongMagic, new byte[] {1, 2, 3, 4, 5});
        assertTrue(assertThrows(DataFormatException.class, () -> Idx.read(wrongMagic, false)).getMessage().contains("not an IDX"));
    }

    @Test
    void csvWithScikitLearnMetadataLine() throws IOException {
        Path f = dir.resolve("iris.csv");
        Files.writeString(f, "3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,1\n6.0,2.2,1\n");
        TensorDataset d = Csv.readClassification(f);
        assertEquals(Shape.of(3, 2), d.inputs().shape());
        assertArrayEquals(new long[] {0, 1, 1}, d.targets().toLongArray());
        Files.writeString(f, "1,2,0\n1,x,1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.readClassification(f));
        assertTrue(e.getMessage().contains("iris.csv: line 2"), e.getMessage());
    }

    @Test
    void embeddedDigits() {
        TensorDataset d = Digits.load();
        assertEquals(Shape.of(1797, 64), d.inputs().shape());
        assertEquals(0.0, d.inputs().min().item());
        assertEquals(1.0, d.inputs().max().item());
        assertEquals(9, (int) d.targets().max().item());
        assertEquals(0, d.targets().toLongArray()[0]);
    }

    @Test
    void sharedMnistLoadsWhenPresent() throws IOException {
        Path mnist = Path.of("../../shared/data/mnist");
        Assumptions.assumeTrue(Files.isDirectory(mnist), "../shared/data/mnist is absent");
        Idx.ImageSet set = Idx.loadImageSet(mnist);
        assertEquals(Shape.of(60000, 1, 28, 28), set.train().inputs().shape());
        assertEquals(10000, set.test().size());
        assertTrue(set.train().inputs().max().item() <= 1.0);
    }

    @Test
    void wordHashingBagsLetterTrigrams() {
        assertEquals(List.of("#ap", "app", "ppl", "ple", "le#"), WordHashing.trigrams("Apple"));
        WordHashing hashing = WordHashing.fit(List.of("apple", "apply"));
        assertEquals(7, hashing.size()); // #ap app ppl ple le# ply ly#
        Tensor v = hashing.encode(List.of("apple", "appl", "xyz"));
        assertEquals(5.0, v.select(0, 0).sum().item());
        assertEquals(3.0, v.select(0, 1).sum().item(), "#ap app ppl are shared; pl# is unseen");
        assertEquals(0.0, v.select(0, 2).sum().item());
    }

    @Test
    void splitsArePartitionsAndSeeded() {
        int[][] parts = Splits.random(100, 3, 0.8, 0.1, 0.1);
        assertEquals(80, parts[0].length);
        assertEquals(10, parts[2].length);
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), all);
        assertArrayEquals(parts[1], Splits.random(100, 3, 0.8, 0.1, 0.1)[1]);
    }

    @Test
    void standardizeUsesTrainingStatistics() {
        Tensor x = Tensor.of(new float[][] {{1, 5}, {3, 5}});
        Standardize s = Standardize.fit(x);
        assertArrayEquals(new float[] {-1, 0, 1, 0}, s.apply(x).toFloatArray(), 1e-6f);
    }

    private static List<long[]> targetsOf(DataLoader loader, int epoch) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : loader.epoch(epoch)) {
            out.add(b.targets().toLongArray());
        }
        return out;
    }

    @Test
    void loaderShufflesBySeedAndEpochAndPrefetchDoesNotChangeBatches() {
        TensorDataset d = new TensorDataset(Tensor.arange(0, 10, 1, DType.FLOAT32).reshape(10, 1), Tensor.arange(10));
        DataLoader prefetching = new DataLoader(d, 4, true, false, 7, 2);
        DataLoader inline = new DataLoader(d, 4, true, false, 7, 0);
        List<long[]> a = targetsOf(prefetching, 0);
        List<long[]> b = targetsOf(inline, 0);
        assertEquals(3, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        long[] seen = a.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, seen);
        assertFalse(Arrays.equals(prefetching.order(0), prefetching.order(1)), "each epoch reshuffles");
        assertEquals(2, new DataLoader(d, 4, false, true, 0, 0).batches());
        assertArrayEquals(new long[] {0, 1, 2, 3}, targetsOf(new DataLoader(d, 4, false, true, 0, 1), 0).get(0));
    }

    private static long prefetchers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("dendrite-data") && t.isAlive())
                .count();
    }

    private static void awaitNoPrefetcher() throws InterruptedException {
        for (int i = 0; i < 100 && prefetchers() > 0; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    /** In a method of its own, so no frame of the test keeps the abandoned iterator reachable. */
    private static void takeOneBatchAndAbandon(DataLoader loader) {
        for (Batch b : loader.epoch(1)) {
            assertEquals(10, b.size());
            break;
        }
    }

    @Test
    void leavingAnEpochEarlyStopsThePrefetcherClosedOrNot() throws InterruptedException {
        TensorDataset d = new TensorDataset(Tensor.zeros(1000, 2), Tensor.zeros(DType.INT64, 1000));
        DataLoader loader = new DataLoader(d, 10, 1);
        awaitNoPrefetcher();
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                assertEquals(10, b.size());
                break;
            }
        }
        awaitNoPrefetcher();
        assertEquals(0, prefetchers(), "closed: the thread ends");
        takeOneBatchAndAbandon(loader);
        awaitNoPrefetcher();
        assertEquals(0, prefetchers(), "abandoned: the thread ends once the iterator is collected");
        assertEquals(3, new DataLoader(d.subset(java.util.stream.IntStream.range(0, 25).toArray()), 10, 1).batches(),
                "the 3-argument loader keeps the last short batch");
    }
}

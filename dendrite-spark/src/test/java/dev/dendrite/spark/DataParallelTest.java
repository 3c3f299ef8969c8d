// Data-parallel training: the all-reduce adds in rank order exactly as one process would; a LeNet batch's gradient
// is the sum of its halves'; 1, 2 and 4 workers with one global batch cut into the same micro-batches train to the
// same bits (threads joined by a ring, a Spark barrier stage in local mode, the digits and MNIST MLP and LeNet); a
// failed stage resumes from its checkpoint to the bits of an uninterrupted run; bad configurations are refused.
package dev.dendrite.spark;

import dev.dendrite.io.ConfigException;
import dev.dendrite.io.Safetensors;
import dev.dendrite.models.ClassifierKind;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.nn.F;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataParallelTest {
    @TempDir
    Path dir;

    private static SparkTrainingConfig config(int workers, int microBatches) {
        return new SparkTrainingConfig("mlp", Map.of("hidden", "32"), "digits", workers, 32, microBatches, 2, "adam",
                0.01, 3, null, -1);
    }

    private static SparkTrainingConfig config(int workers) {
        return config(workers, 2);
    }

    private static SparkTrainingConfig withCheckpoints(Path dir, int faultEpoch) {
        return new SparkTrainingConfig("mlp", Map.of("hidden", "32"), "digits", 2, 32, 2, 3, "adam", 0.01, 3,
                dir.toString(), faultEpoch);
    }

    private static JavaSparkContext spark() {
        // local[2, 4]: two task slots, and a task may fail up to 4 times
        return new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName("dendrite-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    /** Runs {@code task(rank, ring)} on {@code n} threads joined by a ring over loopback. */
    private static <T> List<T> onThreads(int n, RingTask<T> task) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            sockets.add(s);
            addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, sockets.get(rank))) {
                        return task.run(rank, ring);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        }
    }

    interface RingTask<T> {
        T run(int rank, RingAllReduce ring) throws Exception;
    }

    @Test
    void ringAddsInRankOrderAsOneProcessWould() throws Exception {
        Generator g = new Generator(7);
        int length = 777;
        float[][] parts = new float[6][length];
        for (float[] p : parts) for (int i = 0; i < length; i++) p[i] = (float) (g.nextGaussian() * Math.pow(10, g.nextInt(8)));
        float[] sequential = parts[0].clone();
        for (int k = 1; k < 6; k++) for (int i = 0; i < length; i++) sequential[i] += parts[k][i];
        for (int workers : new int[] {1, 2, 3, 6}) {
            int each = 6 / workers;
            List<float[]> sums = onThreads(workers, (rank, ring) ->
                    ring.sumInOrder(List.of(parts).subList(rank * each, (rank + 1) * each)));
            for (float[] sum : sums) assertArrayEquals(sequential, sum, workers + " workers");
        }
    }

    @Test
    void ringSumsLikeAPlainSumForAnyLengthAndOneToThreeWorkers() throws Exception {
        for (int workers = 1; workers <= 3; workers++) {
            for (int length : new int[] {0, 1, 2, 5, 1001}) {
                int n = workers;
                List<float[]> sums = onThreads(n, (rank, ring) -> {
                    float[] v = new float[length];
                    for (int i = 0; i < length; i++) v[i] = rank * 1000 + i;
                    ring.sumInPlace(v);
                    ring.sumInPlace(v);   // a second sum on the same ring: n times the first
                    return v;
                });
                for (float[] v : sums) {
                    for (int i = 0; i < length; i++) {
                        float once = 1000f * n * (n - 1) / 2 + n * i;
                        assertEquals(n * once, v[i], 0.0, n + " workers, length " + length + ", element " + i);
                    }
                }
            }
        }
    }

    private static float[] weights(DataParallelTrainer.Result result) {
        List<Float> all = new ArrayList<>();
        for (Tensor t : Safetensors.decode(result.weights(), "weights").tensors().values()) {
            for (float x : t.toFloatArray()) all.add(x);
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    /** Every weight within 1e-4 of the largest weight's magnitude (the split batch rounds its sums differently). */
    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (float x : expected) scale = Math.max(scale, Math.abs(x));
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        System.out.printf("largest difference %.3g, %.3g of the largest weight%n", worst, worst / scale);
        assertTrue(worst <= 1e-4 * scale, "largest difference " + worst + " against weights up to " + scale);
    }

    @Test
    void oneTwoAndFourWorkersTrainToTheSameBits() throws Exception {
        float[] one = weights(onThreads(1, (r, ring) -> DataParallelTrainer.train(config(1, 4), r, ring, e -> {})).getFirst());
        for (int workers : new int[] {2, 4}) {
            List<DataParallelTrainer.Result> results = onThreads(workers,
                    (r, ring) -> DataParallelTrainer.train(config(workers, 4), r, ring, e -> {}));
            for (var result : results) assertArrayEquals(one, weights(result), workers + " workers");
        }
        // a different cut of the batch is another computation, equal only up to rounding
        float[] halves = weights(onThreads(1, (r, ring) -> DataParallelTrainer.train(config(1, 2), r, ring, e -> {})).getFirst());
        assertClose(one, halves);
    }

    @Test
    void mnistMlpAndLeNetTrainOnTwoWorkersAsOnOne() throws Exception {
        Path mnist = Path.of("../../shared/data/mnist");
        Assumptions.assumeTrue(Files.isDirectory(mnist), "../shared/data/mnist is absent");
        for (String kind : List.of("mlp", "lenet")) {
            java.util.function.IntFunction<SparkTrainingConfig> config = workers -> new SparkTrainingConfig(kind,
                    Map.of(), "mnist:" + mnist, workers, 128, 2, 1, "adam", 0.002, 5, null, -1);
            var one = onThreads(1, (r, ring) -> DataParallelTrainer.train(config.apply(1), r, ring, e -> {})).getFirst();
            var two = onThreads(2, (r, ring) -> DataParallelTrainer.train(config.apply(2), r, ring, e -> {})).getFirst();
            assertArrayEquals(weights(one), weights(two), kind + ": 1 worker against 2, global batch 128 in 2 parts");
        }
    }

    @Test
    void aLeNetBatchGradientIsTheSumOfItsHalvesGradients() {
        var kind = (ClassifierKind<?>) ModelKinds.get("lenet");
        var net = kind.network(Map.of(), new ClassifierKind.DataShape(new int[] {1, 28, 28}, 10),
                new Generator(1));
        Generator g = new Generator(2);
        Tensor x = Tensor.rand(g, 128, 1, 28, 28);
        long[] labels = new long[128];
        for (int i = 0; i < 128; i++) labels[i] = g.nextInt(10);
        Tensor y = Tensor.fromArray(labels, 128);
        List<Tensor> params = net.parameters();
        F.crossEntropy(net.forward(x), y).backward();
        List<float[]> whole = params.stream().map(p -> p.grad().toFloatArray()).toList();
        net.zeroGrad();
        for (int half = 0; half < 2; half++) {
            Tensor loss = F.crossEntropy(net.forward(x.narrow(0, 64 * half, 64)),
                    y.narrow(0, 64 * half, 64)).mul(0.5);
            loss.backward();
        }
        for (int k = 0; k < params.size(); k++) {
            float[] split = params.get(k).grad().toFloatArray();
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < split.length; i++) {
                scale = Math.max(scale, Math.abs(whole.get(k)[i]));
                worst = Math.max(worst, Math.abs(whole.get(k)[i] - split[i]));
            }
            assertTrue(worst <= 1e-5 * scale, "parameter " + k + ": difference " + worst + " of " + scale);
        }
    }

    @Test
    void aSparkBarrierStageTrainsAsOneWorker() throws Exception {
        float[] one = weights(onThreads(1, (rank, ring) -> DataParallelTrainer.train(config(1), rank, ring, e -> {})).getFirst());
        try (JavaSparkContext spark = spark()) {
            DataParallelTrainer.Result result = SparkTraining.run(spark, config(2));
            assertArrayEquals(one, weights(result));
            assertEquals(2, result.epochs().size());
            // digits, MLP 64-32-10, Adam 0.01, 2 epochs: observed 0.908
            assertTrue(result.epochs().getLast().get("test_accuracy") > 0.9, result.epochs().toString());

            // a worker lost after epoch 1 fails the stage; Spark retries it, and it resumes from the checkpoint of
            // epoch 1 to the same bits as a run that never failed
            DataParallelTrainer.Result whole = SparkTraining.run(spark, withCheckpoints(dir.resolve("whole"), -1));
            DataParallelTrainer.Result resumed = SparkTraining.run(spark, withCheckpoints(dir.resolve("failed"), 1));
            assertArrayEquals(weights(whole), weights(resumed));
            assertEquals(whole.epochs(), resumed.epochs());
            assertEquals(0, whole.resumedAt());
            assertEquals(2, resumed.resumedAt());

            var tooMany = assertThrows(ConfigException.class, () -> SparkTraining.run(spark, config(3, 3)));
            assertTrue(tooMany.getMessage().contains("2 task slots"), tooMany.getMessage());
            var notSplittable = assertThrows(ConfigException.class, () -> SparkTraining.run(spark,
                    new SparkTrainingConfig("word2vec", Map.of(), "digits", 2, 32, 2, 1, "adam", 0.01, 3, null, -1)));
            assertTrue(notSplittable.getMessage().contains("classifier kinds"), notSplittable.getMessage());
        }
        var dynamic = new SparkConf().setMaster("local[2]").setAppName("dendrite-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.dynamicAllocation.enabled", "true")
                .set("spark.shuffle.service.enabled", "false").set("spark.dynamicAllocation.shuffleTracking.enabled", "true");
        try (JavaSparkContext spark = new JavaSparkContext(dynamic)) {
            var e = assertThrows(ConfigException.class, () -> SparkTraining.run(spark, config(2)));
            assertTrue(e.getMessage().contains("dynamic allocation"), e.getMessage());
        }
    }
}

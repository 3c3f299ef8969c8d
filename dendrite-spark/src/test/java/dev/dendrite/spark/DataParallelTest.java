// Data-parallel training: the ring all-reduce sums exactly what a plain sum gives; two workers with global batch
// 32 train the digits MLP to the weights one worker with batch 32 reaches, within 1e-4 relative (threads joined by
// a ring, and a Spark barrier stage in local mode), and their two replicas stay bit-identical.
package dev.dendrite.spark;

import dev.dendrite.io.Safetensors;
import dev.dendrite.tensor.Tensor;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataParallelTest {
    @TempDir
    Path dir;

    private static SparkTrainingConfig config(int workers) {
        return new SparkTrainingConfig("mlp", Map.of("hidden", "32"), "digits", workers, 32, 2, "adam", 0.01, 3, null, -1);
    }

    private static SparkTrainingConfig withCheckpoints(Path dir, int faultEpoch) {
        return new SparkTrainingConfig("mlp", Map.of("hidden", "32"), "digits", 2, 32, 3, "adam", 0.01, 3,
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
    void ringSumsLikeAPlainSum() throws Exception {
        int length = 1001;
        List<float[]> sums = onThreads(3, (rank, ring) -> {
            float[] v = new float[length];
            for (int i = 0; i < length; i++) v[i] = rank * 1000 + i;
            ring.sumInPlace(v);
            return v;
        });
        for (float[] v : sums) {
            for (int i = 0; i < length; i++) assertEquals(3000 + 3 * i, v[i], 0.0, "element " + i);
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

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1e-3, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-4 * scale,
                    "weight " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void twoWorkersTrainAsOneWithTheSameGlobalBatch() throws Exception {
        float[] one = weights(onThreads(1, (rank, ring) -> DataParallelTrainer.train(config(1), rank, ring, e -> {})).getFirst());
        List<DataParallelTrainer.Result> two = onThreads(2, (rank, ring) -> DataParallelTrainer.train(config(2), rank, ring, e -> {}));
        assertArrayEquals(weights(two.get(0)), weights(two.get(1)), "the replicas must stay equal");
        // the split batch sums its gradient in another order: observed 5.7e-5 at worst after 90 Adam steps
        assertClose(one, weights(two.getFirst()));
    }

    @Test
    void aSparkBarrierStageTrainsAsOneWorker() throws Exception {
        float[] one = weights(onThreads(1, (rank, ring) -> DataParallelTrainer.train(config(1), rank, ring, e -> {})).getFirst());
        try (JavaSparkContext spark = spark()) {
            DataParallelTrainer.Result result = SparkTraining.run(spark, config(2));
            assertClose(one, weights(result));
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
        }
    }
}

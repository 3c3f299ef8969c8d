package dev.dendrite.spark;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.ClassifierKind;
import dev.dendrite.models.ModelKinds;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs {@link DataParallelTrainer} on Spark: one barrier stage of {@code workers} tasks (Spark starts them
 * together and fails and retries them together), which open a socket each, exchange its port with
 * {@code BarrierTaskContext.allGather}, connect a {@link RingAllReduce} to the executors' addresses and train;
 * rank 0's result comes back to the driver.
 */
public final class SparkTraining {
    private SparkTraining() {}

    /** Trains {@code config} on the cluster behind {@code spark} and returns the result of rank 0. */
    public static DataParallelTrainer.Result run(JavaSparkContext spark, SparkTrainingConfig config) {
        if (!(ModelKinds.get(config.kind()) instanceof ClassifierKind<?>)) {
            throw new ConfigException("--engine spark trains classifier kinds (" + classifierKinds()
                    + "), whose batches it can split; '" + config.kind() + "' is not one");
        }
        if (spark.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new ConfigException("spark.dynamicAllocation.enabled is on: a barrier stage needs all its "
                    + config.workers() + " tasks at once; turn dynamic allocation off");
        }
        int slots = spark.defaultParallelism();
        if (config.workers() > slots) {
            throw new ConfigException("--workers " + config.workers() + ": the cluster has " + slots + " task slots"
                    + " and a barrier stage needs one per worker at once; use at most " + slots);
        }
        List<Integer> ranks = IntStream.range(0, config.workers()).boxed().toList();
        Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<DataParallelTrainer.Result>> task =
                (Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<DataParallelTrainer.Result>>
                        & Serializable) partition -> CollectionConverters.asScala(runTask(config).iterator());
        // a shuffle after the barrier stage makes it a map stage, which Spark retries as a whole when a task fails
        // (it never retries a barrier result stage)
        var trained = spark.parallelize(ranks, config.workers()).rdd().barrier()
                .mapPartitions(task, false, ClassTag$.MODULE$.apply(DataParallelTrainer.Result.class)).toJavaRDD();
        Object[] results = trained.repartition(1).collect().toArray();
        if (results.length != 1) {
            throw new IllegalStateException("spark training: expected one result from rank 0, got " + results.length);
        }
        return (DataParallelTrainer.Result) results[0];
    }

    private static String classifierKinds() {
        List<String> names = new ArrayList<>();
        for (var kind : ModelKinds.ALL) {
            if (kind instanceof ClassifierKind<?>) names.add(kind.name());
        }
        return String.join(", ", names);
    }

    private static List<DataParallelTrainer.Result> runTask(SparkTrainingConfig config) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int rank = context.partitionId();
        try {
            ServerSocket listening = new ServerSocket(0);
            String[] ports = context.allGather(Integer.toString(listening.getLocalPort()));
            BarrierTaskInfo[] infos = context.getTaskInfos();
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (int i = 0; i < ports.length; i++) {
                String executor = infos[i].address();
                String host = executor.contains(":") ? executor.substring(0, executor.lastIndexOf(':')) : executor;
                addresses.add(new InetSocketAddress(host, Integer.parseInt(ports[i])));
            }
            try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, listening)) {
                boolean firstAttempt = context.stageAttemptNumber() == 0;
                DataParallelTrainer.Result result = DataParallelTrainer.train(config, rank, ring, epoch -> {
                    if (firstAttempt && epoch == config.faultEpoch() && rank == config.workers() - 1) {
                        throw new IllegalStateException("injected fault after epoch " + epoch);
                    }
                });
                return rank == 0 ? List.of(result) : List.of();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spark training: rank " + rank + ": " + e.getMessage(), e);
        }
    }
}

// dendrite predict: the predicted class and its probability for the first held-out samples of a classifier
// checkpoint's data.
package dev.dendrite.cli;

import dev.dendrite.data.Batch;
import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.ClassificationTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict classes with a classifier checkpoint.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a classifier checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--data", description = "data whose held-out samples to predict (default: the checkpoint's)")
    String data;
    @Option(names = "--count", defaultValue = "10", description = "how many held-out samples to predict (default: ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--json", description = "print one JSON object with the results to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new ConfigException("--count must be at least 1, got " + count);
        }
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        Prepared prepared = saved.reopen(data);
        if (!(prepared.task() instanceof ClassificationTask task)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not classify"
                    + " samples; use `dendrite eval` (or generate / tag where the kind supports them)");
        }
        int n = Math.min(count, task.held().data().size());
        Batch b = task.held().data().batch(java.util.stream.IntStream.range(0, n).toArray());
        Tensor probs;
        try (var _ = task.model().evaluating()) {
            probs = task.model().forward(b.inputs()).softmax(1);
        }
        long[] predicted = probs.argmax(1, false).toLongArray();
        long[] truth = b.targets().toLongArray();
        List<Object> classes = new ArrayList<>();
        List<Object> confidence = new ArrayList<>();
        List<Object> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double p = probs.get(i, (int) predicted[i]);
            if (!Double.isFinite(p)) {
                throw new ConfigException(checkpoint + ": the model's output for sample " + i + " is not finite");
            }
            classes.add(predicted[i]);
            confidence.add(p);
            labels.add(truth[i]);
            if (!json) {
                System.out.printf("sample %d: predicted %d (p = %.3f), label %d%s%n", i, predicted[i], p, truth[i],
                        predicted[i] == truth[i] ? "" : "  <- wrong");
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("checkpoint", checkpoint.toString()).put("predicted", classes)
                    .put("probability", confidence).put("label", labels));
        }
        return 0;
    }
}

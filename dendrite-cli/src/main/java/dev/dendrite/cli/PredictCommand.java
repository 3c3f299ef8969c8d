// dendrite predict: the predicted class and its probability for the first test samples of a checkpoint's data.
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.Batch;
import dev.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict classes with a checkpoint.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true)
    Path checkpoint;
    @Option(names = "--data", description = "data spec (default: the one the checkpoint was trained on)")
    String data;
    @Option(names = "--count", defaultValue = "10", description = "how many test samples to predict")
    int count;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SavedModel saved = SavedModel.load(checkpoint, data);
        int n = Math.min(count, saved.data().test().size());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Batch b = saved.data().test().batch(idx);
        Tensor probs;
        try (var _ = Grad.disabled()) {
            probs = saved.model().forward(b.inputs()).softmax(1);
        }
        long[] predicted = probs.argmax(1, false).toLongArray();
        long[] truth = b.targets().toLongArray();
        List<Object> classes = new ArrayList<>();
        List<Object> confidence = new ArrayList<>();
        List<Object> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double p = probs.get(i, (int) predicted[i]);
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

// dendrite eval: loss, accuracy and top-k accuracy of a saved checkpoint on the test split of its data.
package dev.dendrite.cli;

import dev.dendrite.nn.F;
import dev.dendrite.train.Evaluation;
import dev.dendrite.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint on test data.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true)
    Path checkpoint;
    @Option(names = "--data", description = "data spec (default: the one the checkpoint was trained on)")
    String data;
    @Option(names = "--top-k", defaultValue = "5")
    int topK;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SavedModel saved = SavedModel.load(checkpoint, data);
        Evaluation e = new Trainer(saved.model(), F::crossEntropy, null).evaluate(saved.data().test(), 512, topK);
        if (json) {
            System.out.println(new JsonObject().put("checkpoint", checkpoint.toString()).put("data", saved.data().spec())
                    .put("samples", e.samples()).put("test_loss", e.loss()).put("test_accuracy", e.accuracy())
                    .put("test_top_k_accuracy", e.topKAccuracy()).put("top_k", topK));
        } else {
            System.out.printf("%s on %s: loss %.4f, accuracy %.2f%%, top-%d %.2f%% (%d samples)%n", checkpoint,
                    saved.data().spec(), e.loss(), 100 * e.accuracy(), topK, 100 * e.topKAccuracy(), e.samples());
        }
        return 0;
    }
}

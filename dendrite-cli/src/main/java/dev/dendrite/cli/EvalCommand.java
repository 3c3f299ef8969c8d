// dendrite eval: the evaluation metrics of a checkpoint on the held-out part of its data (or of other data).
package dev.dendrite.cli;

import dev.dendrite.models.registry.Prepared;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint on held-out data.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--data", description = "data to evaluate on (default: the data the checkpoint was trained on)")
    String data;
    @Option(names = "--json", description = "print one JSON object with the results to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        Prepared prepared = saved.reopen(data);
        Map<String, Double> metrics = prepared.task().evaluate();
        String on = prepared.metadata().get("train.data");
        if (json) {
            JsonObject o = new JsonObject().put("checkpoint", checkpoint.toString()).put("model", saved.kind().name())
                    .put("data", on);
            metrics.forEach(o::put);
            System.out.println(o);
        } else {
            System.out.printf("%s on %s: %s%n", checkpoint, on, Format.metrics("", metrics));
        }
        return 0;
    }
}

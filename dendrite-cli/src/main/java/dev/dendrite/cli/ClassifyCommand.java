package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** dendrite classify: the label a text classifier gives a text, with its probability. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Label a text with a text classifier.")
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a text classifier's checkpoint (bow, fasttext)")
    Path checkpoint;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;
    @Parameters(arity = "1..*", description = "the text")
    List<String> words;

    @Override
    public Integer call() throws IOException {
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        if (!(saved.restore() instanceof TextClassifier classifier)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not label"
                    + " texts; train one with --model bow or fasttext --data tsv:FILE");
        }
        TextClassifier.Prediction p = classifier.classify(String.join(" ", words));
        if (json) {
            JsonObject all = new JsonObject();
            p.probabilities().forEach(all::put);
            System.out.println(new JsonObject().put("label", p.label()).put("probability", p.probability())
                    .put("probabilities", all));
        } else {
            System.out.printf("%s (p = %.3f)%n", p.label(), p.probability());
        }
        return 0;
    }
}

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
    @Option(names = "--checkpoint", required = true, description = "a text classifier's checkpoint (bow, fasttext, textcnn, textrnn, rcnn, han, bert-classifier)")
    Path checkpoint;
    @Option(names = "--explain", description = "also print the attention each word and sentence got (models with attention: han)")
    boolean explain;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;
    @Parameters(arity = "1..*", description = "the text")
    List<String> words;

    @Override
    public Integer call() throws IOException {
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        if (!(saved.restore() instanceof TextClassifier classifier)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not label"
                    + " texts; train one with --model bow, fasttext, textcnn, textrnn, rcnn, han or bert-classifier --data tsv:FILE");
        }
        String text = String.join(" ", words);
        List<TextClassifier.Attention> attention = explain ? classifier.explain(text) : List.of();
        if (explain && attention.isEmpty()) {
            throw new ConfigException("--explain: a " + saved.kind().name() + " model has no attention to show;"
                    + " it works for han");
        }
        TextClassifier.Prediction p = classifier.classify(text);
        if (json) {
            JsonObject all = new JsonObject();
            p.probabilities().forEach(all::put);
            JsonObject o = new JsonObject().put("label", p.label()).put("probability", p.probability())
                    .put("probabilities", all);
            if (explain) {
                List<Object> rows = new java.util.ArrayList<>();
                for (TextClassifier.Attention a : attention) {
                    rows.add(new JsonObject().put("word", a.word()).put("sentence", a.sentence())
                            .put("weight", a.weight()).put("sentence_weight", a.sentenceWeight()));
                }
                o.put("attention", rows);
            }
            System.out.println(o);
        } else {
            System.out.printf("%s (p = %.3f)%n", p.label(), p.probability());
            for (int i = 0; i < attention.size(); i++) {
                TextClassifier.Attention a = attention.get(i);
                if (i == 0 || attention.get(i - 1).sentence() != a.sentence()) {
                    System.out.printf("%ssentence %d (%.3f):", i == 0 ? "" : "\n", a.sentence() + 1, a.sentenceWeight());
                }
                System.out.printf(" %s %.3f", a.word(), a.weight());
            }
            if (!attention.isEmpty()) {
                System.out.println();
            }
        }
        return 0;
    }
}

// dendrite summary: each layer of a model with its output shape and parameter count for a data set's inputs.
package dev.dendrite.cli;

import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Summary;
import dev.dendrite.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true, description = "Show a model's layers, shapes and sizes.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp")
    String model;
    @Option(names = "--hidden")
    String hidden;
    @Option(names = "--data", defaultValue = "digits")
    String data;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws IOException {
        DataSpec d = DataSpec.load(data, 0);
        Sequential net = ModelSpec.parse(model, hidden).build(d.sample(), d.classes(), new Generator(0));
        int[] sample = d.train().inputs().dims();
        sample[0] = 1;
        if (json) {
            System.out.println(new JsonObject().put("model", model).put("data", data).put("parameters", net.parameterCount())
                    .put("summary", Summary.of(net, sample)));
        } else {
            System.out.print(Summary.of(net, sample));
        }
        return 0;
    }
}

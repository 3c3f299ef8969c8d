// dendrite summary: a model kind built with its options for a data set: each layer with its output shape and
// parameter count (layer models), or each module with its parameter count.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.io.RecordCodec;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true, description = "Show a model's layers, shapes and sizes.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "the model kind (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--set", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "the kind's options, as for train")
    List<String> settings = new ArrayList<>();
    @Option(names = "--data", description = "the data the model is sized for (default: the kind's)")
    String data;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ModelKind<?, ?> kind = ModelKinds.get(model);
        Map<String, String> config = new LinkedHashMap<>();
        settings.forEach(s -> config.putAll(RecordCodec.parsePairs(s)));
        String spec = data != null ? data : kind.defaultData();
        if (spec == null) {
            throw new ConfigException("model " + kind.name() + " needs --data " + kind.dataForms());
        }
        Model m = kind.prepare(config, new TrainingOptions(spec, 0, 1, "adam", 1e-3, 5)).model();
        String table = m.exampleInput() != null && m.module() instanceof Layer layer ? Summary.of(layer, m.exampleInput())
                : Summary.of(m.module());
        if (json) {
            System.out.println(new JsonObject().put("model", model).put("data", spec)
                    .put("parameters", m.module().parameterCount()).put("summary", table));
        } else {
            System.out.print(table);
        }
        return 0;
    }
}

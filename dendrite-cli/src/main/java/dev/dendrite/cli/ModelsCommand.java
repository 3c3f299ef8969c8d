// dendrite models: every registered model kind with its data, its options and their defaults.
package dev.dendrite.cli;

import dev.dendrite.io.RecordCodec;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.models.registry.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List the model kinds and their options.")
final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() {
        List<Object> kinds = new ArrayList<>();
        for (ModelKind<?, ?> kind : ModelKinds.ALL) {
            List<RecordCodec.Option> options = RecordCodec.describe(kind.defaults());
            if (json) {
                List<Object> described = new ArrayList<>();
                options.forEach(o -> described.add(new JsonObject().put("name", o.key()).put("type", o.type())
                        .put("default", o.value())));
                kinds.add(new JsonObject().put("name", kind.name()).put("description", kind.description())
                        .put("data", kind.dataForms()).put("default_data", kind.defaultData())
                        .put("default_clip_norm", kind.defaultClipNorm()).put("options", described));
            } else {
                System.out.printf("%s: %s%n  data: %s%s%n", kind.name(), kind.description(), kind.dataForms(),
                        kind.defaultData() == null ? "" : " (default " + kind.defaultData() + ")");
                for (RecordCodec.Option o : options) {
                    System.out.printf("  --set %s=%s   (%s)%n", o.key(), o.value(), o.type());
                }
            }
        }
        if (json) {
            System.out.println(new JsonObject().put("models", kinds));
        }
        return 0;
    }
}

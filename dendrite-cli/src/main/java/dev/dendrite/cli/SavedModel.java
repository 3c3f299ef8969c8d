// A model rebuilt from a checkpoint written by `dendrite train`, with the data set it was trained on.
package dev.dendrite.cli;

import dev.dendrite.io.Checkpoint;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

record SavedModel(Sequential model, DataSpec data, Map<String, String> metadata) {
    static SavedModel load(Path checkpoint, String dataOverride) throws IOException {
        Map<String, String> meta = Checkpoint.metadata(checkpoint);
        if (!meta.containsKey("model")) {
            throw new IllegalArgumentException(checkpoint + " was not written by `dendrite train` (no model metadata)");
        }
        long seed = Long.parseLong(meta.getOrDefault("seed", "0"));
        DataSpec data = DataSpec.load(dataOverride != null ? dataOverride : meta.get("data"), seed);
        int features = Integer.parseInt(meta.get("features"));
        int classes = Integer.parseInt(meta.get("classes"));
        if (data.features() != features) {
            throw new IllegalArgumentException("data '" + data.spec() + "' has " + data.features() + " features per sample but "
                    + checkpoint + " was trained on " + features);
        }
        Sequential model = ModelSpec.fromMetadata(meta).build(features, classes, new Generator(0));
        Checkpoint.load(checkpoint, model, null, null);
        model.eval();
        return new SavedModel(model, data, meta);
    }
}

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
        if (meta.get("model").equals("char-lstm") || meta.get("model").equals("tagger")) {
            throw new IllegalArgumentException(checkpoint + " holds a " + meta.get("model") + " model, which"
                    + " `dendrite train` evaluates itself" + (meta.get("model").equals("char-lstm")
                    ? "; use `dendrite generate` for text" : ""));
        }
        long seed = Long.parseLong(meta.getOrDefault("seed", "0"));
        DataSpec data = DataSpec.load(dataOverride != null ? dataOverride : meta.get("data"), seed);
        int[] sample = java.util.Arrays.stream(meta.get("sample").split("x")).mapToInt(Integer::parseInt).toArray();
        int classes = Integer.parseInt(meta.get("classes"));
        if (!java.util.Arrays.equals(data.sample(), sample)) {
            throw new IllegalArgumentException("data '" + data.spec() + "' has samples of shape "
                    + java.util.Arrays.toString(data.sample()) + " but " + checkpoint + " was trained on "
                    + java.util.Arrays.toString(sample));
        }
        Sequential model = ModelSpec.fromMetadata(meta).build(sample, classes, new Generator(0));
        Checkpoint.load(checkpoint, model, null, null);
        model.eval();
        return new SavedModel(model, data, meta);
    }
}

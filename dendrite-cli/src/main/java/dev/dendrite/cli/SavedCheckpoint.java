// A checkpoint written by `dendrite train`, read back through the registry: its metadata names the model kind,
// its config, what it fitted on its data and its training options, so any command can rebuild the model (and
// its data, from any directory: the data path is stored absolute) without knowing the kind.
package dev.dendrite.cli;

import dev.dendrite.io.Checkpoint;
import dev.dendrite.io.ConfigException;
import dev.dendrite.io.TrainingState;
import dev.dendrite.models.ModelKinds;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.Prepared;
import dev.dendrite.models.registry.TrainingOptions;
import dev.dendrite.train.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

record SavedCheckpoint(Path file, Map<String, String> metadata, ModelKind<?, ?> kind) {
    static SavedCheckpoint read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ConfigException("--checkpoint " + file + " is a directory; name the .safetensors file in it,"
                    + " e.g. " + file.resolve(RunDirectory.CHECKPOINT));
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--checkpoint " + file + ": no such file");
        }
        Map<String, String> meta = Checkpoint.metadata(file);
        if (!meta.containsKey("model")) {
            throw new ConfigException(file + " was not written by `dendrite train` (its metadata names no model)");
        }
        if (!meta.containsKey("train.data")) {
            throw new ConfigException(file + " was written by an earlier version of Dendrite, before the model"
                    + " registry; train the model again");
        }
        return new SavedCheckpoint(file, meta, ModelKinds.get(meta.get("model")));
    }

    /** The model with the checkpoint's weights, in evaluation mode. */
    Model restore() throws IOException {
        Model model = kind.restore(metadata);
        Checkpoint.load(file, new TrainingState(Map.of("model", model.module()), Map.of(), Map.of()));
        model.module().eval();
        return model;
    }

    /** The model and its task on the checkpoint's data (or {@code data}), with the checkpoint's weights. */
    Prepared reopen(String data) throws IOException {
        TrainingOptions options = ModelKind.options(metadata);
        Prepared prepared = kind.reopen(metadata, data != null ? options.withData(data) : options);
        Checkpoint.load(file, prepared.task().state().modulesOnly());
        return prepared;
    }
}

// A training checkpoint in one safetensors file: model parameters and buffers ("model.<path>"), optimizer state
// ("optimizer.<key>"), the generator's state ("generator.state") and the epoch and step (metadata).
// Writing is atomic, so a crash mid-write leaves the previous checkpoint loadable.
package dev.dendrite.io;

import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

public final class Checkpoint {
    private static final String FORMAT = "dendrite-checkpoint-1";

    private Checkpoint() {}

    /** Where training stood when the checkpoint was written. */
    public record Position(long epoch, long step) {}

    public static void save(Path file, Module model, Optimizer optimizer, Generator generator, Position position)
            throws IOException {
        save(file, model, optimizer, generator, position, Map.of());
    }

    /** Saves with extra string metadata (e.g. how to rebuild the model), stored next to the position. */
    public static void save(Path file, Module model, Optimizer optimizer, Generator generator, Position position,
                            Map<String, String> extra) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        if (optimizer != null) {
            optimizer.state().forEach((k, v) -> tensors.put("optimizer." + k, v));
        }
        if (generator != null) {
            tensors.put("generator.state", Tensor.fromArray(generator.state()));
        }
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("format", FORMAT);
        metadata.put("epoch", Long.toString(position.epoch()));
        metadata.put("step", Long.toString(position.step()));
        Safetensors.write(file, tensors, metadata);
    }

    /** The string metadata of a checkpoint (format, epoch, step and whatever extra metadata was saved). */
    public static Map<String, String> metadata(Path file) throws IOException {
        return Safetensors.readMetadata(file);
    }

    /** Restores the model (and, where given, the optimizer and generator); returns the saved position. */
    public static Position load(Path file, Module model, Optimizer optimizer, Generator generator) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        if (!FORMAT.equals(contents.metadata().get("format"))) {
            throw new SafetensorsException(file + ": not a Dendrite checkpoint (metadata format is "
                    + contents.metadata().get("format") + ", expected " + FORMAT + ")");
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        Map<String, Tensor> optimizerState = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) {
                params.put(k.substring("model.".length()), v);
            } else if (k.startsWith("optimizer.")) {
                optimizerState.put(k.substring("optimizer.".length()), v);
            }
        });
        model.loadState(params);
        if (optimizer != null) {
            optimizer.loadState(optimizerState);
        }
        if (generator != null) {
            Tensor state = contents.tensors().get("generator.state");
            if (state == null) {
                throw new SafetensorsException(file + ": the checkpoint holds no generator state");
            }
            generator.setState(state.toLongArray());
        }
        return new Position(Long.parseLong(contents.metadata().get("epoch")), Long.parseLong(contents.metadata().get("step")));
    }
}

package dev.dendrite.io;

import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file: a TrainingState (each module's parameters and buffers under
 * "&lt;module name&gt;.&lt;path&gt;", each optimizer's state under "&lt;optimizer name&gt;.&lt;key&gt;", each
 * generator's state under "&lt;generator name&gt;.state") and the epoch and step plus free-form string metadata.
 * Writing is atomic, so a crash mid-write leaves the previous checkpoint loadable.
 */
public final class Checkpoint {
    private static final String FORMAT = "dendrite-checkpoint-1";

    private Checkpoint() {}

    /** Where training stood when the checkpoint was written: the last epoch completed and the step count. */
    public record Position(long epoch, long step) {}

    public static void save(Path file, Module model, Optimizer optimizer, Generator generator, Position position)
            throws IOException {
        save(file, TrainingState.of(model, optimizer, generator), position, Map.of());
    }

    /** Saves with extra string metadata (e.g. how to rebuild the model), stored next to the position. */
    public static void save(Path file, Module model, Optimizer optimizer, Generator generator, Position position,
                            Map<String, String> extra) throws IOException {
        save(file, TrainingState.of(model, optimizer, generator), position, extra);
    }

    public static void save(Path file, TrainingState state, Position position, Map<String, String> extra)
            throws IOException {
        Safetensors.write(file, tensors(state), metadata(position, extra));
    }

    private static Map<String, Tensor> tensors(TrainingState state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        state.modules().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(m ->
                m.getValue().stateDict().forEach((k, v) -> tensors.put(m.getKey() + "." + k, v)));
        state.optimizers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(o ->
                o.getValue().state().forEach((k, v) -> tensors.put(o.getKey() + "." + k, v)));
        state.generators().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(g ->
                tensors.put(g.getKey() + ".state", Tensor.fromArray(g.getValue().state())));
        return tensors;
    }

    private static Map<String, String> metadata(Position position, Map<String, String> extra) {
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("format", FORMAT);
        metadata.put("epoch", Long.toString(position.epoch()));
        metadata.put("step", Long.toString(position.step()));
        return metadata;
    }

    /** The string metadata of a checkpoint (format, epoch, step and whatever extra metadata was saved). */
    public static Map<String, String> metadata(Path file) throws IOException {
        return Safetensors.readMetadata(file);
    }

    /** Restores the model (and, where given, the optimizer and generator); returns the saved position. */
    public static Position load(Path file, Module model, Optimizer optimizer, Generator generator) throws IOException {
        return load(file, TrainingState.of(model, optimizer, generator));
    }

    /**
     * Restores every module, optimizer and generator of {@code state} from the entries under its name; returns the
     * saved position. A module or optimizer whose entries are missing is an error; entries of names the state lacks are ignored
     * (an evaluation loads the modules of a file that also holds optimizers).
     */
    public static Position load(Path file, TrainingState state) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafetensorsException(file + ": not a Dendrite checkpoint (metadata format is "
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        Position position;
        try {
            position = new Position(Long.parseLong(meta.get("epoch")), Long.parseLong(meta.get("step")));
        } catch (NumberFormatException e) {
            throw new SafetensorsException(file + ": the checkpoint's epoch or step metadata is not a number");
        }
        for (var m : state.modules().entrySet()) {
            try {
                m.getValue().loadState(under(contents, m.getKey()));
            } catch (IllegalArgumentException e) {
                throw new SafetensorsException(file + ": " + e.getMessage());
            }
        }
        for (var o : state.optimizers().entrySet()) {
            try {
                Map<String, Tensor> saved = under(contents, o.getKey());
                if (saved.isEmpty()) {
                    throw new SafetensorsException(file + ": the checkpoint holds no state for optimizer '" + o.getKey() + "'");
                }
                o.getValue().loadState(saved);
            } catch (IllegalArgumentException e) {
                throw new SafetensorsException(file + ": " + e.getMessage());
            }
        }
        for (var g : state.generators().entrySet()) {
            Tensor saved = contents.tensors().get(g.getKey() + ".state");
            if (saved == null) {
                throw new SafetensorsException(file + ": the checkpoint holds no state for generator '" + g.getKey() + "'");
            }
            g.getValue().setState(saved.toLongArray());
        }
        return position;
    }

    private static Map<String, Tensor> under(Safetensors.Contents contents, String name) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        String prefix = name + ".";
        contents.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}

package dev.dendrite.models.registry;

import dev.dendrite.io.RecordCodec;
import dev.dendrite.train.Task;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One kind of model the registry can build by name: a config record with defaults (its options), what it learns
 * from its data besides weights (a vocabulary, the input shape: the "fitted" record), how to load its data and
 * build its model and training task, and how to rebuild the model from checkpoint metadata. Both records go through
 * RecordCodec, so no kind writes or parses metadata by hand.
 */
public abstract class ModelKind<C extends Record, D extends Record> {
    /** What a kind builds for training: what it fitted on the data, the model and its task. */
    public record Built<D extends Record>(D fitted, Model model, Task task) {}

    private final String name;
    private final String description;
    private final String dataForms;
    private final String defaultData;
    private final C defaults;
    private final Class<D> fittedType;

    protected ModelKind(String name, String description, String dataForms, String defaultData, C defaults,
                        Class<D> fittedType) {
        this.name = name;
        this.description = description;
        this.dataForms = dataForms;
        this.defaultData = defaultData;
        this.defaults = defaults;
        this.fittedType = fittedType;
    }

    public final String name() {
        return name;
    }

    public final String description() {
        return description;
    }

    /** The data specs it reads, e.g. "digits | mnist:DIR | csv:FILE". */
    public final String dataForms() {
        return dataForms;
    }

    /** The data it trains on when none is named; null when it needs one named. */
    public final String defaultData() {
        return defaultData;
    }

    /** Its config record with the default values. */
    public final C defaults() {
        return defaults;
    }

    /** The gradient-norm clipping its training uses unless told otherwise (0: none). */
    public double defaultClipNorm() {
        return 0;
    }

    /** The optimizer its training uses unless told otherwise. */
    public String defaultOptimizer() {
        return "adam";
    }

    /** Whether its training reads {@link TrainingOptions#init}, the checkpoint it starts from. */
    public boolean startsFromCheckpoints() {
        return false;
    }

    /** The learning rate its training uses unless told otherwise. */
    public double defaultLr() {
        return 0.001;
    }

    /**
     * Loads the data of {@code options}, fits what the data defines unless {@code fitted} is given (it is when
     * an existing model is evaluated), builds the model (weights from the seed) and the task.
     */
    protected abstract Built<D> build(C config, D fitted, TrainingOptions options) throws IOException;

    /** The model alone, for weights loaded from a checkpoint. */
    protected abstract Model model(C config, D fitted);

    /** A new training run with the defaults overridden by {@code settings} (e.g. hidden=512). */
    public final Prepared prepare(Map<String, String> settings, TrainingOptions options) throws IOException {
        return prepare(RecordCodec.decode(defaults, settings), null, options.withAbsoluteData());
    }

    /**
     * The run a checkpoint's metadata describes, with its config and fitted values, reading the data of
     * {@code options} (which a caller takes from {@link #options} unless the user named other data).
     */
    public final Prepared reopen(Map<String, String> metadata, TrainingOptions options) throws IOException {
        return prepare(config(metadata), fitted(metadata), options.withAbsoluteData());
    }

    /** The model a checkpoint's metadata describes, without its data. */
    public final Model restore(Map<String, String> metadata) {
        return model(config(metadata), fitted(metadata));
    }

    /** The config stored in a checkpoint's metadata. */
    public final Record restoreConfig(Map<String, String> metadata) {
        return config(metadata);
    }

    /** The training options stored in a checkpoint's metadata (init empty in checkpoints written before it). */
    public static TrainingOptions options(Map<String, String> metadata) {
        Map<String, String> saved = new LinkedHashMap<>(RecordCodec.section(metadata, "train."));
        saved.putIfAbsent("init", "");
        return RecordCodec.decode(TrainingOptions.class, saved);
    }

    private Prepared prepare(C config, D fitted, TrainingOptions options) throws IOException {
        Built<D> built = build(config, fitted, options);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", name);
        meta.putAll(RecordCodec.encode(config, "config."));
        meta.putAll(RecordCodec.encode(built.fitted(), "fitted."));
        meta.putAll(RecordCodec.encode(options, "train."));
        return new Prepared(this, built.model(), built.task(), meta);
    }

    private C config(Map<String, String> metadata) {
        return RecordCodec.decode(defaults, RecordCodec.section(metadata, "config."));
    }

    private D fitted(Map<String, String> metadata) {
        return RecordCodec.decode(fittedType, RecordCodec.section(metadata, "fitted."));
    }

    @Override
    public String toString() {
        return name;
    }
}

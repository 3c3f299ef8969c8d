package dev.dendrite.models;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.ModelKind;

import java.util.List;

/**
 * The registry: every model kind by name. A new kind is a ModelKind (config record with defaults, fitted record,
 * build, model) added to this list; the command line names none of them.
 */
public final class ModelKinds {
    private ModelKinds() {}

    public static final List<ModelKind<?, ?>> ALL = List.of(Classifiers.PERCEPTRON, Classifiers.MLP, Classifiers.XOR,
            Classifiers.LENET, Classifiers.ALEXNET_SMALL, CharLstmKind.KIND, TaggerKind.KIND, BagOfWordsKind.KIND,
            FastTextKind.KIND, TextCnnKind.KIND, TextRnnKind.KIND, RcnnKind.KIND, HanKind.KIND, Word2VecKind.KIND,
            GptKind.KIND, Seq2SeqKind.KIND, TransformerKind.KIND, BertKind.KIND, BertClassifierKind.KIND, GanKind.MLP, GanKind.DCGAN);

    public static String names() {
        return String.join(", ", ALL.stream().map(ModelKind::name).toList());
    }

    /** The kind called {@code name}; a ConfigException listing the kinds otherwise. */
    public static ModelKind<?, ?> get(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() ->
                new ConfigException("unknown model '" + name + "'; available: " + names()));
    }
}

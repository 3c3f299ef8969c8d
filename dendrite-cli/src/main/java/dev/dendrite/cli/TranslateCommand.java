// dendrite translate: a sentence through a seq2seq or transformer checkpoint, by beam search, optionally with the
// attention of the translation drawn as a heat map.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Translate a sentence with a model trained with --model seq2seq or transformer.")
final class TranslateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a translation model's checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--beam", defaultValue = "4", description = "beam width; 1 is greedy decoding (default: ${DEFAULT-VALUE})")
    int beam;
    @Option(names = "--length-penalty", defaultValue = "0.6", description = "exponent alpha of GNMT's length penalty ((5 + length) / 6)^alpha; 0: none (default: ${DEFAULT-VALUE})")
    double lengthPenalty;
    @Option(names = "--attention-png", description = "write the attention weights of the translation as a heat map to this PNG")
    Path attentionPng;
    @Parameters(arity = "1..*", paramLabel = "SENTENCE", description = "the sentence to translate (words may be separate arguments)")
    List<String> words;

    @Override
    public Integer call() throws IOException {
        if (beam < 1) {
            throw new ConfigException("--beam must be >= 1, got " + beam);
        }
        if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) {
            throw new ConfigException("--length-penalty must be >= 0, got " + lengthPenalty);
        }
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        Model model = saved.restore();
        if (!(model instanceof Translator translator)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not"
                    + " translate; train one with --model seq2seq or transformer --data pairs:FILE");
        }
        Translator.Translation t = translator.translate(String.join(" ", words), beam, lengthPenalty);
        System.out.println(t.text());
        if (attentionPng != null) {
            AttentionPlot.write(t, attentionPng);
            System.err.println("attention: " + attentionPng);
        }
        return 0;
    }
}

// dendrite fill-mask: the most likely words for the [MASK] of a text, by a model trained with --model bert.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.MaskFiller;
import dev.dendrite.models.registry.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = "Print the most likely tokens for the [MASK] in a text (a model trained with --model bert).")
final class FillMaskCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a bert checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--top", defaultValue = "5", description = "how many candidates (default: ${DEFAULT-VALUE})")
    int top;
    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the text with one [MASK] (words may be separate arguments)")
    List<String> words;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new ConfigException("--top must be >= 1, got " + top);
        }
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        Model model = saved.restore();
        if (!(model instanceof MaskFiller filler)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not fill"
                    + " masks; train one with --model bert --data text:FILE");
        }
        for (MaskFiller.Candidate c : filler.fillMask(String.join(" ", words), top)) {
            System.out.printf("%-16s %.4f%n", c.token(), c.probability());
        }
        return 0;
    }
}

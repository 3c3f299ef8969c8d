// dendrite generate: text from a checkpoint of a kind that generates text (char-lstm, gpt), continuing a prompt.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Model;
import dev.dendrite.models.registry.TextGenerator;
import dev.dendrite.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a text model (e.g. one trained with --model char-lstm or gpt).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a text model's checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--prompt", defaultValue = "\n", description = "text to start from (default: a newline)")
    String prompt;
    @Option(names = "--length", defaultValue = "500", description = "characters (tokens) to generate (default: ${DEFAULT-VALUE})")
    int length;
    @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature; 0 always takes the most likely character (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "sample only among the k most likely tokens; 0: all (default: ${DEFAULT-VALUE})")
    int topK;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (length < 0) {
            throw new ConfigException("--length must be >= 0, got " + length);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new ConfigException("--temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new ConfigException("--top-k must be >= 0 (0: all tokens), got " + topK);
        }
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        Model model = saved.restore();
        if (!(model instanceof TextGenerator generator)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not"
                    + " generate text; train one with --model char-lstm or gpt --data text:FILE");
        }
        System.out.println(prompt + generator.generate(prompt, length, temperature, topK, new Generator(seed)));
        return 0;
    }
}

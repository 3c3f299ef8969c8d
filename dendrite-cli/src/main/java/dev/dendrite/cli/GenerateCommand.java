// dendrite generate: text from a char-lstm checkpoint, continuing a prompt one sampled character at a time.
package dev.dendrite.cli;

import dev.dendrite.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a character-level model trained by `dendrite train --model char-lstm`.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true)
    Path checkpoint;
    @Option(names = "--prompt", defaultValue = "\n", description = "text to start from (default: a newline)")
    String prompt;
    @Option(names = "--length", defaultValue = "500", description = "characters to generate")
    int length;
    @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature; 0 always takes the most likely character")
    double temperature;
    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws IOException {
        LanguageModelTraining.Saved saved = LanguageModelTraining.Saved.load(checkpoint);
        long[] ids = saved.model().generate(saved.vocabulary().encode(prompt), length, temperature, new Generator(seed));
        System.out.println(prompt + saved.vocabulary().decode(ids));
        return 0;
    }
}

// dendrite sample: a grid of images drawn by a generative model trained with --model gan or dcgan.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.models.registry.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw a grid of images with a model trained with --model gan or dcgan.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a gan or dcgan checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--count", defaultValue = "64", description = "how many images (default: ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--label", description = "the class to draw (conditional models; default: every class in turn)")
    Integer label;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the noise (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", defaultValue = "samples.png", description = "the PNG to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 10_000) {
            throw new ConfigException("--count must be between 1 and 10000, got " + count);
        }
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        Model model = saved.restore();
        if (!(model instanceof ImageGenerator generator)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not draw"
                    + " images; train one with --model dcgan --data mnist:DIR");
        }
        if (label != null && (generator.classes() == 0 || label < 0 || label >= generator.classes())) {
            throw new ConfigException("--label " + label + ": " + (generator.classes() == 0
                    ? "this model is not conditional; train it with --set conditional=true"
                    : "the model draws classes 0 to " + (generator.classes() - 1)));
        }
        SampleGrid.write(SampleGrid.draw(generator, count, seed, label), out);
        System.out.println(out);
        return 0;
    }
}

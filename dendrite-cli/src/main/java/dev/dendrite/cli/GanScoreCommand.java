// dendrite gan-score: how good a GAN's images are, judged by a classifier trained by this project on the same data
// (models.GanScore: Inception Score, Fréchet distance of penultimate features, class shares), next to the same
// scores of real images.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.ClassificationData;
import dev.dendrite.models.ClassifierKind;
import dev.dendrite.models.GanScore;
import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.models.registry.ModelKind;
import dev.dendrite.models.registry.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "gan-score", mixinStandardHelpOptions = true,
        description = "Score a gan or dcgan: Inception Score and Fréchet distance under a classifier trained on the same data.")
final class GanScoreCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "a gan or dcgan checkpoint written by `dendrite train`")
    Path checkpoint;
    @Option(names = "--classifier", required = true, description = "a classifier checkpoint (e.g. lenet) trained on the GAN's data")
    Path classifier;
    @Option(names = "--count", defaultValue = "10000", description = "images to draw (default: ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the noise (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (count < 10) {
            throw new ConfigException("--count must be at least 10, got " + count);
        }
        SavedCheckpoint gan = SavedCheckpoint.read(checkpoint);
        if (!(gan.restore() instanceof ImageGenerator generator)) {
            throw new ConfigException(checkpoint + " holds a " + gan.kind().name() + " model, which does not draw"
                    + " images; train one with --model dcgan --data mnist:DIR");
        }
        SavedCheckpoint judge = SavedCheckpoint.read(classifier);
        if (!(judge.restore() instanceof ClassifierKind.Classifier net)) {
            throw new ConfigException("--classifier " + classifier + " holds a " + judge.kind().name() + " model, not a"
                    + " classifier of images; train one with --model lenet --data mnist:DIR");
        }
        TrainingOptions options = ModelKind.options(gan.metadata());
        ClassificationData data = ClassificationData.load(options.data(), options.seed());
        GanScore.Result r = GanScore.score(generator, net.module(), data.train().inputs(), data.test().inputs(), count,
                seed);
        List<Object> shares = new ArrayList<>();
        for (double s : r.classShares()) shares.add(s);
        if (json) {
            JsonObject o = new JsonObject().put("inception_score", r.inceptionScore())
                    .put("inception_score_real", r.inceptionScoreReal()).put("frechet_distance", r.frechetDistance())
                    .put("frechet_distance_real", r.frechetDistanceReal()).put("class_shares", shares);
            if (!Double.isNaN(r.conditionalAccuracy())) {
                o.put("conditional_accuracy", r.conditionalAccuracy());
            }
            System.out.println(o);
        } else {
            System.out.printf("Inception Score %.3f (real test images %.3f)%n", r.inceptionScore(), r.inceptionScoreReal());
            System.out.printf("Frechet distance %.3f (real training against real test images %.3f)%n",
                    r.frechetDistance(), r.frechetDistanceReal());
            StringBuilder b = new StringBuilder("class shares:");
            for (int c = 0; c < r.classShares().length; c++) b.append(String.format(" %d %.1f%%", c, 100 * r.classShares()[c]));
            System.out.println(b);
            if (!Double.isNaN(r.conditionalAccuracy())) {
                System.out.printf("classified as the class asked for: %.2f%%%n", 100 * r.conditionalAccuracy());
            }
        }
        return 0;
    }
}

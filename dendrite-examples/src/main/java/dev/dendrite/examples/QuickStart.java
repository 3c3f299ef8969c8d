// The README's example as a complete program: a gradient through autograd, then an MLP trained on the digits that
// ship inside the jar, evaluated and saved. Run with --add-modules jdk.incubator.vector.
package dev.dendrite.examples;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Digits;
import dev.dendrite.data.Splits;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.ClassificationTask;
import dev.dendrite.train.EpochRecord;
import dev.dendrite.train.TrainingLoop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public final class QuickStart {
    private QuickStart() {}

    /** args: [epochs [checkpoint path]]; returns the last epoch's evaluation. */
    public static Map<String, Double> run(int epochs, Path checkpoint) throws IOException {
        // README begin
        Generator gen = new Generator(42);
        Tensor w = Tensor.randn(gen, 3, 2).requiresGrad(true);
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
        Tensor loss = x.matmul(w).relu().sum();
        loss.backward();
        System.out.println(w.grad());

        // Training from Java
        TensorDataset digits = Digits.load();
        int[][] split = Splits.random(digits.size(), 0, 0.8, 0.2);
        Sequential model = new Sequential(new Linear(64, 64, gen), new ReLU(), new Linear(64, 10, gen));
        Adam adam = new Adam(model.parameters(), 0.01);
        ClassificationTask task = new ClassificationTask(model, adam, gen, new DataLoader(digits.subset(split[0]), 32, 0),
                new ClassificationTask.Evaluation(digits.subset(split[1]), "test", 10, 5));
        List<EpochRecord> history = new TrainingLoop(TrainingLoop.Config.epochs(epochs)).run(task, 0, List.of());
        System.out.println(history.getLast().evaluation()); // {test_loss=..., test_accuracy=..., test_top5_accuracy=...}
        Checkpoint.save(checkpoint, task.state(), new Checkpoint.Position(epochs - 1, adam.steps()), Map.of());
        // README end
        return history.getLast().evaluation();
    }

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 8, Path.of(args.length > 1 ? args[1] : "digits.safetensors"));
    }
}

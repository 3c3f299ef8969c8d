// Train, save, load into a fresh model, and get the same predictions: a checkpoint holds the weights (and, for
// resuming, the optimizer and the generator) by the module tree's names.
package dev.dendrite.examples;

import dev.dendrite.data.Digits;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.nn.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

public final class SaveAndLoad {
    private SaveAndLoad() {}

    static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(64, 32, g), new ReLU(), new Linear(32, 10, g));
    }

    /** Trains a few full-batch steps, saves to {@code file}, loads into another model; returns both predictions. */
    public static Tensor[] run(Path file) throws IOException {
        TensorDataset digits = Digits.load();
        Sequential model = mlp(1);
        Adam adam = new Adam(model.parameters(), 0.01);
        for (int step = 0; step < 20; step++) {
            adam.zeroGrad();
            F.crossEntropy(model.forward(digits.inputs()), digits.targets()).backward();
            adam.step();
        }
        Checkpoint.save(file, model, adam, null, new Checkpoint.Position(0, adam.steps()));

        Sequential restored = mlp(2); // other initial weights, replaced by the file's
        Checkpoint.load(file, restored, null, null);
        Tensor sample = digits.inputs().narrow(0, 0, 5);
        try (var _ = model.evaluating(); var _ = restored.evaluating()) {
            return new Tensor[] {model.forward(sample), restored.forward(sample)};
        }
    }

    public static void main(String[] args) throws IOException {
        Tensor[] both = run(Path.of(args.length > 0 ? args[0] : "mlp.safetensors"));
        System.out.println("same predictions after loading: " + both[0].allClose(both[1], 0, 0));
    }
}

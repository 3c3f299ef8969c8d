package dev.dendrite.models;

import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;

/**
 * LeNet-5 (LeCun et al. 1998), the conv-pool-conv-pool-FC network of seed 001, in its common modern form: ReLU and
 * max pooling, the first convolution padded by 2 so a 28x28 digit gives the paper's 28x28 maps. Shapes: x (B, C, H,
 * W) -&gt; logits (B, classes); for (B, 1, 28, 28): 6@28x28 -&gt; 6@14x14 -&gt; 16@10x10 -&gt; 16@5x5 -&gt; 120
 * -&gt; 84 -&gt; classes (61,706 parameters for 10 classes).
 */
public final class LeNet5 {
    private LeNet5() {}

    /** The network for C x H x W inputs (H, W >= 12) and {@code classes} outputs. */
    public static Sequential create(int channels, int height, int width, int classes, Generator g) {
        // 5x5 conv padded by 2 keeps the size, 2x2 pooling halves it, the unpadded 5x5 conv removes 4.
        int h = height / 2 - 4;
        int w = width / 2 - 4;
        if (h < 2 || w < 2) {
            throw new ShapeException("LeNet5: " + height + "x" + width + " inputs are too small (need at least 12x12)");
        }
        Sequential features = new Sequential(
                new Conv2d(channels, 6, 5, 1, 2, g), new ReLU(), new MaxPool2d(2, 2),
                new Conv2d(6, 16, 5, 1, 0, g), new ReLU(), new MaxPool2d(2, 2));
        Sequential classifier = new Sequential(new Flatten(),
                new Linear(16 * (h / 2) * (w / 2), 120, g), new ReLU(), new Linear(120, 84, g), new ReLU(),
                new Linear(84, classes, g));
        return new Sequential().add("features", features).add("classifier", classifier);
    }
}

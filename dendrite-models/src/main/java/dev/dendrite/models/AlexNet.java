package dev.dendrite.models;

import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.ops.Padding;
import dev.dendrite.tensor.Generator;

/**
 * AlexNet (Krizhevsky, Sutskever &amp; Hinton 2012) as torchvision builds it for 224x224 RGB: five convolutions
 * with ReLU, overlapping 3x3/2 max pooling, adaptive pooling to 6x6, dropout and three fully connected layers
 * (61,100,840 parameters for 1000 classes); and a small variant of the same design sized for 28x28 inputs.
 */
public final class AlexNet {
    private AlexNet() {}

    /** torchvision's AlexNet. Shapes: x (B, 3, 224, 224) -> logits (B, classes). */
    public static Sequential create(int classes, Generator g) {
        Sequential features = new Sequential(
                new Conv2d(3, 64, 11, 4, 2, g), new ReLU(), new MaxPool2d(3, 2),
                new Conv2d(64, 192, 5, 1, 2, g), new ReLU(), new MaxPool2d(3, 2),
                new Conv2d(192, 384, 3, 1, 1, g), new ReLU(),
                new Conv2d(384, 256, 3, 1, 1, g), new ReLU(),
                new Conv2d(256, 256, 3, 1, 1, g), new ReLU(), new MaxPool2d(3, 2));
        // NOTE: torchvision's AdaptiveAvgPool2d((6, 6)) is the identity at 224x224, where the maps are already 6x6.
        Sequential classifier = new Sequential(new Flatten(),
                new Dropout(0.5, g), new Linear(256 * 6 * 6, 4096, g), new ReLU(),
                new Dropout(0.5, g), new Linear(4096, 4096, g), new ReLU(),
                new Linear(4096, classes, g));
        return new Sequential().add("features", features).add("classifier", classifier);
    }

    /**
     * The same design for small images (e.g. 28x28) on a CPU: 3x3 convolutions with SAME padding, ReLU, overlapping
     * 3x3/2 max pooling (SAME, so each halves the size, rounding up), dropout before the fully connected layers.
     * Shapes: x (B, C, H, W) -> logits (B, classes).
     */
    public static Sequential small(int channels, int height, int width, int classes, Generator g) {
        int[] k3 = {3, 3};
        int[] s1 = {1, 1};
        int[] s2 = {2, 2};
        int[] d1 = {1, 1};
        Sequential features = new Sequential(
                new Conv2d(channels, 32, k3, s1, Padding.SAME, d1, 1, true, g), new ReLU(),
                new MaxPool2d(k3, s2, Padding.SAME, false), // 14x14 for 28x28
                new Conv2d(32, 64, k3, s1, Padding.SAME, d1, 1, true, g), new ReLU(),
                new MaxPool2d(k3, s2, Padding.SAME, false), // 7x7 for 28x28
                new Conv2d(64, 96, k3, s1, Padding.SAME, d1, 1, true, g), new ReLU(),
                new Conv2d(96, 64, k3, s1, Padding.SAME, d1, 1, true, g), new ReLU(),
                new MaxPool2d(k3, s2, Padding.SAME, false)); // 4x4 for 28x28
        int h = ((height + 1) / 2 + 1) / 2;
        int w = ((width + 1) / 2 + 1) / 2;
        Sequential classifier = new Sequential(new Flatten(),
                new Dropout(0.5, g), new Linear(64 * ((h + 1) / 2) * ((w + 1) / 2), 256, g), new ReLU(),
                new Dropout(0.5, g), new Linear(256, classes, g));
        return new Sequential().add("features", features).add("classifier", classifier);
    }
}

// The model definitions: shapes, parameter counts (against torchvision's figures) and a LeNet training smoke test.
package dev.dendrite.models;

import dev.dendrite.nn.F;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Summary;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    @Test
    void leNet5ShapesAndParameters() {
        Sequential net = LeNet5.create(1, 28, 28, 10, new Generator(0));
        assertEquals(61_706, net.parameterCount());
        assertEquals(Shape.of(3, 10), net.forward(Tensor.zeros(3, 1, 28, 28)).shape());
        String summary = Summary.of(net, 1, 1, 28, 28);
        assertTrue(summary.contains("features.0") && summary.contains("(1, 6, 28, 28)") && summary.contains("(1, 16, 5, 5)"), summary);
        assertEquals("features.0.weight", net.namedParameters().keySet().iterator().next());
    }

    @Test
    void alexNetHasTorchvisionsParameterCountAndShapes() {
        Sequential net = AlexNet.create(1000, new Generator(0));
        assertEquals(61_100_840, net.parameterCount());
        String summary = Summary.of(net, 1, 3, 224, 224);
        assertTrue(summary.contains("(1, 64, 55, 55)") && summary.contains("(1, 256, 6, 6)") && summary.contains("(1, 1000)"), summary);
        assertTrue(summary.contains("total parameters: 61,100,840"), summary);
    }

    @Test
    void smallAlexNetTakes28x28() {
        Sequential net = AlexNet.small(1, 28, 28, 10, new Generator(0));
        assertEquals(Shape.of(2, 10), net.forward(Tensor.zeros(2, 1, 28, 28)).shape());
        assertEquals(Shape.of(2, 10), AlexNet.small(1, 8, 8, 10, new Generator(0)).forward(Tensor.zeros(2, 1, 8, 8)).shape());
    }

    @Test
    void leNetLearnsATinyBatch() {
        Generator g = new Generator(1);
        Sequential net = LeNet5.create(1, 16, 16, 3, g);
        Tensor x = Tensor.randn(g, 12, 1, 16, 16);
        Tensor y = Tensor.fromArray(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2});
        Adam opt = new Adam(net.parameters(), 3e-3);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 40; step++) {
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(net.forward(x), y);
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        // observed: 1.10 -> below 0.05 in 40 steps (memorising 12 samples)
        assertTrue(last < 0.2 * first, first + " -> " + last);
    }
}

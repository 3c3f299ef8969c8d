// Weights from PyTorch: a state dict saved with the safetensors library (here a Linear(3, 2) named "linear")
// loads by name into a module whose parameter paths match, as torch.nn.Module.load_state_dict does.
package dev.dendrite.examples;

import dev.dendrite.io.Safetensors;
import dev.dendrite.nn.Linear;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

public final class LoadPyTorch {
    private LoadPyTorch() {}

    /** Loads the "linear." entries of a safetensors file into a Linear(3, 2); reports what was left out. */
    public static Linear load(Path file) throws IOException {
        Map<String, Tensor> linear = new LinkedHashMap<>();
        Safetensors.read(file).tensors().forEach((name, t) -> {
            if (name.startsWith("linear.")) {
                linear.put(name.substring("linear.".length()), t.to(dev.dendrite.tensor.DType.FLOAT32));
            }
        });
        Linear layer = new Linear(3, 2, new Generator(0));
        System.out.println("not loaded: " + layer.loadState(linear, false));
        return layer;
    }

    public static void main(String[] args) throws IOException {
        Path file = Files.createTempFile("pytorch-linear", ".safetensors");
        try (InputStream in = LoadPyTorch.class.getResourceAsStream("/pytorch-linear.safetensors")) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println(load(file).forward(Tensor.of(new float[][] {{1, 1, 1}})));
    }
}

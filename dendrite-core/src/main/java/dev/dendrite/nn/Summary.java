package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.Tensor;

/**
 * A Keras-style table of a model for one input shape: each layer (each child of a Sequential, recursively), its
 * output shape and its parameter count, computed by running the model once on zeros without gradients; or, for any
 * module, each module without children with its parameter count.
 */
public final class Summary {
    private Summary() {}

    /** The table for an input of shape {@code inputDims} (FLOAT32 zeros). */
    public static String of(Layer model, int... inputDims) {
        StringBuilder rows = new StringBuilder();
        String format = "%-28s %-34s %-20s %,14d%n";
        rows.append(String.format("%-28s %-34s %-20s %14s%n", "layer", "type", "output shape", "parameters"));
        rows.append("-".repeat(99)).append('\n');
        Tensor out;
        try (var _ = Grad.disabled()) {
            out = walk(model, "", Tensor.zeros(inputDims), rows, format);
        }
        rows.append("-".repeat(99)).append('\n');
        rows.append(String.format("input %s -> output %s; total parameters: %,d%n", Tensor.zeros(inputDims).shape(),
                out.shape(), model.parameterCount()));
        return rows.toString();
    }

    /** The table of the module tree's leaves (modules without children) and their parameter counts. */
    public static String of(Module model) {
        StringBuilder rows = new StringBuilder();
        rows.append(String.format("%-40s %-44s %14s%n", "module", "type", "parameters"));
        rows.append("-".repeat(100)).append('\n');
        leaves(model, "", rows);
        rows.append("-".repeat(100)).append('\n');
        rows.append(String.format("%s; total parameters: %,d%n", model.getClass().getSimpleName(), model.parameterCount()));
        return rows.toString();
    }

    private static void leaves(Module m, String name, StringBuilder rows) {
        if (m.children().isEmpty()) {
            String type = m.toString().split("\n")[0];
            rows.append(String.format("%-40s %-44s %,14d%n", name.isEmpty() ? "(model)" : name,
                    type.length() > 44 ? type.substring(0, 41) + "..." : type, m.parameterCount()));
            return;
        }
        m.children().forEach((child, module) -> leaves(module, name.isEmpty() ? child : name + "." + child, rows));
    }

    private static Tensor walk(Layer layer, String name, Tensor x, StringBuilder rows, String format) {
        if (layer instanceof Sequential seq && !seq.layers().isEmpty()) {
            Tensor h = x;
            var names = seq.children().keySet().iterator();
            for (Layer child : seq.layers()) {
                String childName = names.next();
                h = walk(child, name.isEmpty() ? childName : name + "." + childName, h, rows, format);
            }
            return h;
        }
        Tensor y = layer.forward(x);
        String type = layer.toString().split("\n")[0];
        rows.append(String.format(format, name.isEmpty() ? "(model)" : name, type.length() > 34 ? type.substring(0, 31) + "..." : type,
                y.shape(), layer.parameterCount()));
        return y;
    }
}

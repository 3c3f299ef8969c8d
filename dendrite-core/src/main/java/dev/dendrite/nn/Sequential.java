package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another; children are named "0", "1", ... (parameters read "2.weight") unless added
 * under names of their own ("features.0.weight"). Shapes: whatever the first layer takes -&gt; whatever the last
 * layer returns.
 */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** Appends a layer named by its position ("0", "1", ...). Returns this. */
    public Sequential add(Layer layer) {
        return add(Integer.toString(layers.size()), layer);
    }

    /** Appends a layer under a name of its own (e.g. "features"), which its parameter paths start with. */
    public Sequential add(String name, Layer layer) {
        layers.add(registerModule(name, layer));
        return this;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Layer layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        var names = children().keySet().iterator();
        for (Layer layer : layers) {
            sb.append("\n  (").append(names.next()).append("): ").append(layer.toString().replace("\n", "\n  "));
        }
        return sb.append(layers.isEmpty() ? ")" : "\n)").toString();
    }

    @Override
    public Sequential train() {
        super.train();
        return this;
    }

    @Override
    public Sequential eval() {
        super.eval();
        return this;
    }
}

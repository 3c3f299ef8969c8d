package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the module tree: named parameters, named child modules, and the train/eval mode. Parameters are
 * addressed by their path through the tree ("layers.0.weight"), which is also their checkpoint key.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private String path = "";

    /** Registers a trainable tensor under {@code name}; marks it as requiring grad. Returns it. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /**
     * Registers state that is saved and loaded with the parameters but not trained (e.g. BatchNorm's running
     * statistics). Update it in place. Returns it.
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module under {@code name}. Returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        Module child = module;
        if (child.path.isEmpty()) {
            child.assignPath(path.isEmpty() ? name : path + "." + name);
        }
        return module;
    }

    private void assignPath(String p) {
        path = p;
        children.forEach((name, child) -> child.assignPath(p + "." + name));
    }

    /** Where this module sits in its tree ("encoder.layers.0"), empty for a root; used in error messages. */
    public final String path() {
        return path;
    }

    /** The path and type for error messages, e.g. {@code layers.0 (Linear)}. */
    protected final String describe() {
        return path.isEmpty() ? getClass().getSimpleName() : path + " (" + getClass().getSimpleName() + ")";
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid or duplicate member name '" + name
                    + "' (names are non-empty, dot-free and unique within a module)");
        }
    }

    /** Every parameter of this module and its descendants, keyed by dotted path, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        parameters.forEach((name, p) -> out.putIfAbsent(prefix + name, p));
        children.forEach((name, child) -> child.collect(prefix + name + ".", out));
    }

    /** Parameters and buffers by path: everything a checkpoint stores for this module tree. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>(namedParameters());
        collectBuffers("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((name, b) -> out.putIfAbsent(prefix + name, b));
        children.forEach((name, child) -> child.collectBuffers(prefix + name + ".", out));
    }

    /**
     * Distinct parameters (a module reused in two places contributes its tensors once, so an optimizer steps
     * each shared weight once with the sum of both uses' gradients).
     */
    public final List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Tensor p : namedParameters().values()) {
            if (seen.add(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** What a non-strict load left out: the module's keys the values lacked, and the values' keys it lacks. */
    public record LoadReport(List<String> missing, List<String> unexpected) {
        public LoadReport {
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }
    }

    /**
     * Copies saved values into the parameters and buffers with the same paths. Every one must be present with
     * its shape; unknown keys are an error, so a checkpoint from another architecture fails loudly.
     */
    public final void loadState(Map<String, Tensor> values) {
        loadState(values, true);
    }

    /**
     * Copies the values whose paths this module has (each with its shape, or a ShapeException). Strict, a missing
     * or unexpected key is an error naming it; otherwise they are reported (PyTorch's load_state_dict(strict=False),
     * e.g. a pretrained encoder loaded into a model with a new head).
     */
    public final LoadReport loadState(Map<String, Tensor> values, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> unexpected = values.keySet().stream().filter(k -> !own.containsKey(k)).toList();
        List<String> missing = own.keySet().stream().filter(k -> !values.containsKey(k)).toList();
        if (strict && !unexpected.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: unexpected key '"
                    + unexpected.getFirst() + "'; this model has " + own.keySet());
        }
        if (strict && !missing.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: missing key '"
                    + missing.getFirst() + "'");
        }
        try (var _ = dev.dendrite.autograd.Grad.disabled()) {
            for (var e : own.entrySet()) {
                Tensor v = values.get(e.getKey());
                if (v == null) {
                    continue;
                }
                if (!v.shape().equals(e.getValue().shape())) {
                    throw new dev.dendrite.tensor.ShapeException(getClass().getSimpleName() + ".loadState: '"
                            + e.getKey() + "' has shape " + v.shape() + " in the file but " + e.getValue().shape()
                            + " in the model");
                }
                e.getValue().copyFrom(v);
            }
        }
        return new LoadReport(missing, unexpected);
    }

    /**
     * Converts every floating parameter and buffer to {@code dtype} in place (integer buffers stay as they are), as
     * PyTorch's module.to(dtype); e.g. FLOAT64 for a gradient check of a whole model. Returns this module.
     */
    public Module to(dev.dendrite.tensor.DType dtype) {
        if (!dtype.isFloating()) {
            throw new dev.dendrite.tensor.DTypeException(getClass().getSimpleName() + ".to: parameters must be floating,"
                    + " got " + dtype);
        }
        try (var _ = dev.dendrite.autograd.Grad.disabled()) {
            for (Tensor t : stateDict().values()) {
                if (t.dtype().isFloating() && t.dtype() != dtype) {
                    t.setData(t.to(dtype));
                }
            }
        }
        return this;
    }

    /**
     * Evaluation mode without gradient recording until the scope closes, then the mode this module had:
     * {@code try (var _ = model.evaluating()) { ... }}.
     */
    public final dev.dendrite.autograd.Grad.Scope evaluating() {
        boolean wasTraining = isTraining();
        eval();
        dev.dendrite.autograd.Grad.Scope noGrad = dev.dendrite.autograd.Grad.disabled();
        return () -> {
            noGrad.close();
            if (wasTraining) {
                train();
            }
        };
    }

    /** Direct children by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of scalar parameters (shared tensors counted once). */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Switches this module and its descendants to training mode (dropout active, batch statistics). */
    public Module train() {
        setTraining(true);
        return this;
    }

    /** Switches this module and its descendants to evaluation mode. */
    public Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean on) {
        training = on;
        children.values().forEach(c -> c.setTraining(on));
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradients of every parameter. */
    public final void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /** A one-line description with the constructor arguments, e.g. {@code Linear(784, 10, bias=true)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}

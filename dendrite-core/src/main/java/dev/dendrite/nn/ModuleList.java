package dev.dendrite.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An indexed list of modules whose children are named 0, 1, 2 ... so parameter paths read like PyTorch's
 * nn.ModuleList ("blocks.0.attn.in_proj_weight"). It holds modules; the owner decides how to call them.
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> modules = new ArrayList<>();

    @SafeVarargs
    public ModuleList(M... modules) {
        for (M m : modules) {
            add(m);
        }
    }

    public ModuleList(List<? extends M> modules) {
        modules.forEach(this::add);
    }

    /** Appends {@code module} as child number size(); returns this list. */
    public ModuleList<M> add(M module) {
        registerModule(Integer.toString(modules.size()), module);
        modules.add(module);
        return this;
    }

    public M get(int index) {
        if (index < 0 || index >= modules.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " of " + modules.size() + " modules");
        }
        return modules.get(index);
    }

    public int size() {
        return modules.size();
    }

    /** The modules in order, read-only. */
    public List<M> asList() {
        return Collections.unmodifiableList(modules);
    }

    @Override
    public Iterator<M> iterator() {
        return asList().iterator();
    }

    @Override
    public String toString() {
        return "ModuleList(" + modules.size() + ")";
    }
}

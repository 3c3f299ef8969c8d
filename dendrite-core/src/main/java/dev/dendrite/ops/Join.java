package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Joining and splitting along a dim: cat and stack copy into a new tensor (gradient: the matching slices); split
 * and chunk return views.
 */
public final class Join {
    private Join() {}

    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new ShapeException("cat: expected a non-empty list of tensors");
        }
        Tensor first = tensors.getFirst();
        int d = first.shape().normalizeDim(dim, "cat");
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            Checks.sameDType("cat", first, t);
            boolean fits = t.rank() == first.rank();
            for (int k = 0; fits && k < t.rank(); k++) {
                fits = k == d || t.size(k) == first.size(k);
            }
            if (!fits) {
                throw new ShapeException("cat: tensor " + i + " has shape " + t.shape() + " but tensor 0 has shape "
                        + first.shape() + "; sizes must match except in dim " + d);
            }
            total += t.size(d);
        }
        int[] dims = first.dims();
        dims[d] = total;
        Tensor out = Tensor.empty(first.dtype(), dims);
        int[] starts = new int[tensors.size()];
        int at = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = at;
            Convert.copyRaw(out.narrow(d, at, t.size(d)), t);
            at += t.size(d);
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Autograd.record("cat", out, inputs, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = g.narrow(d, starts[i], inputs[i].size(d));
            }
            return grads;
        });
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new ShapeException("stack: expected a non-empty list of tensors");
        }
        Tensor first = tensors.getFirst();
        int r = first.rank() + 1;
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw new ShapeException("stack: dim " + dim + " is out of range for stacking tensors of shape " + first.shape());
        }
        List<Tensor> expanded = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!t.shape().equals(first.shape())) {
                throw new ShapeException("stack: tensor " + i + " has shape " + t.shape() + " but tensor 0 has shape "
                        + first.shape() + "; all must be equal");
            }
            expanded.add(t.unsqueeze(d));
        }
        return cat(expanded, d);
    }

    public static List<Tensor> split(Tensor x, int size, int dim) {
        int d = x.shape().normalizeDim(dim, "split");
        if (size <= 0) {
            throw new ShapeException("split: size must be positive, got " + size);
        }
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0; start < x.size(d); start += size) {
            parts.add(x.narrow(d, start, Math.min(size, x.size(d) - start)));
        }
        return parts;
    }

    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        int d = x.shape().normalizeDim(dim, "chunk");
        if (chunks <= 0) {
            throw new ShapeException("chunk: number of chunks must be positive, got " + chunks);
        }
        int size = Math.max(1, (x.size(d) + chunks - 1) / chunks);
        return split(x, size, d);
    }
}

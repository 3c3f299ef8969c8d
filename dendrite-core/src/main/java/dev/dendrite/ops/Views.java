package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Ops that return a new view of the same storage (reshape, transpose, permute, narrow, slice, expand, squeeze,
 * unsqueeze), each with the gradient rule that maps the view's gradient back to its input.
 */
public final class Views {
    private Views() {}

    private static Tensor viewOf(Tensor x, int[] dims, int[] strides, int offset) {
        return Tensor.view(x.storage(), Shape.of(dims), strides, offset);
    }

    /** Resolves a single -1 and checks the element count. */
    static int[] inferSize(String op, Tensor x, int[] dims) {
        int[] out = dims.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) {
                    throw new ShapeException(op + ": only one dimension can be -1, got " + Arrays.toString(dims));
                }
                unknown = i;
            } else if (out[i] < 0) {
                throw new ShapeException(op + ": invalid size " + out[i] + " in " + Arrays.toString(dims));
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new ShapeException(op + ": shape " + Arrays.toString(dims) + " is invalid for input of shape "
                        + x.shape() + " (" + x.numel() + " elements)");
            }
            out[unknown] = (int) (x.numel() / known);
        } else if (known != x.numel()) {
            throw new ShapeException(op + ": shape " + Arrays.toString(dims) + " is invalid for input of shape "
                    + x.shape() + " (" + x.numel() + " elements)");
        }
        return out;
    }

    public static Tensor view(Tensor x, int... dims) {
        int[] size = inferSize("view", x, dims);
        if (!x.isContiguous()) {
            throw new ShapeException("view: input of shape " + x.shape() + " with strides " + Arrays.toString(x.strides())
                    + " is not contiguous; use reshape(), which copies when it must");
        }
        Tensor out = viewOf(x, size, Shape.of(size).contiguousStrides(), x.offset());
        int[] inDims = x.dims();
        return Autograd.record("view", out, new Tensor[] {x}, g -> new Tensor[] {g.reshape(inDims)});
    }

    public static Tensor reshape(Tensor x, int... dims) {
        int[] size = inferSize("reshape", x, dims);
        return view(contiguous(x), size);
    }

    public static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : Convert.copy(x);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = x.shape().normalizeDim(dim0, "transpose");
        int b = x.shape().normalizeDim(dim1, "transpose");
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    public static Tensor t(Tensor x) {
        if (x.rank() > 2) {
            throw new ShapeException("t: expects a tensor with <= 2 dims, got shape " + x.shape()
                    + "; use transpose(dim0, dim1)");
        }
        return x.rank() < 2 ? x : transpose(x, 0, 1);
    }

    public static Tensor permute(Tensor x, int... perm) {
        int r = x.rank();
        if (perm.length != r) {
            throw new ShapeException("permute: " + perm.length + " dims given for a tensor of shape " + x.shape()
                    + " (rank " + r + ")");
        }
        int[] norm = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            norm[i] = x.shape().normalizeDim(perm[i], "permute");
            if (seen[norm[i]]) {
                throw new ShapeException("permute: dim " + norm[i] + " repeats in " + Arrays.toString(perm));
            }
            seen[norm[i]] = true;
        }
        int[] dims = x.dims();
        int[] strides = x.strides();
        int[] nd = new int[r];
        int[] ns = new int[r];
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            nd[i] = dims[norm[i]];
            ns[i] = strides[norm[i]];
            inverse[norm[i]] = i;
        }
        Tensor out = viewOf(x, nd, ns, x.offset());
        return Autograd.record("permute", out, new Tensor[] {x}, g -> new Tensor[] {g.permute(inverse)});
    }

    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = x.shape().normalizeDim(dim, "narrow");
        int size = x.size(d);
        if (start < 0 || length < 0 || start + length > size) {
            throw new ShapeException("narrow: range [" + start + ", " + (start + length) + ") is outside dim " + d
                    + " of size " + size + " (shape " + x.shape() + ")");
        }
        return slice(x, d, start, start + length, 1);
    }

    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = x.shape().normalizeDim(dim, "slice");
        int size = x.size(d);
        if (step <= 0) {
            throw new ShapeException("slice: step must be positive, got " + step);
        }
        int s = Math.clamp(start < 0 ? start + size : start, 0, size);
        int e = Math.clamp(end < 0 ? end + size : end, s, size);
        int[] dims = x.dims();
        int[] strides = x.strides();
        dims[d] = (e - s + step - 1) / step;
        int offset = x.offset() + s * strides[d];
        strides[d] *= step;
        Tensor out = viewOf(x, dims, strides, offset);
        int[] inDims = x.dims();
        return Autograd.record("slice", out, new Tensor[] {x}, g -> {
            Tensor full = Tensor.zeros(g.dtype(), inDims);
            try (var _ = Grad.disabled()) {
                slice(full, d, s, e, step).copyFrom(g);
            }
            return new Tensor[] {full};
        });
    }

    public static Tensor select(Tensor x, int dim, int index) {
        int d = x.shape().normalizeDim(dim, "select");
        int size = x.size(d);
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new ShapeException("select: index " + index + " is out of range for dim " + d + " of size " + size
                    + " (shape " + x.shape() + ")");
        }
        return squeeze(narrow(x, d, i, 1), d);
    }

    public static Tensor expand(Tensor x, int... sizes) {
        int r = sizes.length;
        if (r < x.rank()) {
            throw new ShapeException("expand: cannot expand shape " + x.shape() + " to " + Arrays.toString(sizes)
                    + ": fewer dims than the tensor has");
        }
        int[] dims = new int[r];
        int[] strides = new int[r];
        int lead = r - x.rank();
        for (int i = 0; i < r; i++) {
            int target = sizes[i];
            if (i < lead) {
                if (target < 0) {
                    throw new ShapeException("expand: -1 is not allowed for the new leading dim " + i);
                }
                dims[i] = target;
                strides[i] = 0;
                continue;
            }
            int have = x.size(i - lead);
            if (target == -1 || target == have) {
                dims[i] = have;
                strides[i] = x.strides()[i - lead];
            } else if (have == 1) {
                dims[i] = target;
                strides[i] = 0;
            } else {
                throw new ShapeException("expand: cannot expand shape " + x.shape() + " to " + Arrays.toString(sizes)
                        + ": dim " + (i - lead) + " has size " + have + " (only size-1 dims can be expanded)");
            }
        }
        if (Arrays.equals(dims, x.dims())) {
            return x;
        }
        Tensor out = viewOf(x, dims, strides, x.offset());
        // The engine sums the gradient back down to x's shape.
        return Autograd.record("expand", out, new Tensor[] {x}, g -> new Tensor[] {g});
    }

    public static Tensor squeeze(Tensor x) {
        int[] dims = x.dims();
        int[] strides = x.strides();
        int kept = 0;
        for (int d : dims) {
            if (d != 1) {
                kept++;
            }
        }
        int[] nd = new int[kept];
        int[] ns = new int[kept];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (dims[i] != 1) {
                nd[j] = dims[i];
                ns[j++] = strides[i];
            }
        }
        return restride("squeeze", x, nd, ns);
    }

    public static Tensor squeeze(Tensor x, int dim) {
        int d = x.shape().normalizeDim(dim, "squeeze");
        if (x.size(d) != 1) {
            return x;
        }
        int[] dims = x.dims();
        int[] strides = x.strides();
        int[] nd = new int[dims.length - 1];
        int[] ns = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != d) {
                nd[j] = dims[i];
                ns[j++] = strides[i];
            }
        }
        return restride("squeeze", x, nd, ns);
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.rank() + 1;
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw new ShapeException("unsqueeze: dim " + dim + " is out of range for a tensor of shape " + x.shape()
                    + "; valid dims are [" + (-r) + ", " + (r - 1) + "]");
        }
        int[] dims = x.dims();
        int[] strides = x.strides();
        int[] nd = new int[r];
        int[] ns = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            if (i == d) {
                nd[i] = 1;
                ns[i] = j < dims.length ? strides[j] * dims[j] : 1;
            } else {
                nd[i] = dims[j];
                ns[i] = strides[j++];
            }
        }
        return restride("unsqueeze", x, nd, ns);
    }

    private static Tensor restride(String op, Tensor x, int[] dims, int[] strides) {
        Tensor out = viewOf(x, dims, strides, x.offset());
        int[] inDims = x.dims();
        return Autograd.record(op, out, new Tensor[] {x}, g -> new Tensor[] {g.reshape(inDims)});
    }

    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.rank() == 0) {
            return reshape(x, 1);
        }
        int s = x.shape().normalizeDim(startDim, "flatten");
        int e = x.shape().normalizeDim(endDim, "flatten");
        if (s > e) {
            throw new ShapeException("flatten: startDim " + startDim + " comes after endDim " + endDim);
        }
        int[] dims = x.dims();
        int[] nd = new int[dims.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) {
            nd[j++] = dims[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= dims[i];
        }
        nd[j++] = merged;
        for (int i = e + 1; i < dims.length; i++) {
            nd[j++] = dims[i];
        }
        return reshape(x, nd);
    }
}

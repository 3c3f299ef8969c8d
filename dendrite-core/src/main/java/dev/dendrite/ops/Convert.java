package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.StridedCopy;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

/**
 * Dtype conversion and copies. Conversion between float types is differentiable; to INT64 truncates toward zero.
 */
public final class Convert {
    private Convert() {}

    public static Tensor to(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor c = dense(x);
        Tensor out = Tensor.empty(dtype, x.dims());
        Storage src = c.storage();
        int off = c.offset();
        int n = x.numel();
        switch (out.storage()) {
            case Storage.F32 d -> {
                for (int i = 0; i < n; i++) d.data[i] = (float) src.get(off + i);
            }
            case Storage.F64 d -> {
                if (src instanceof Storage.I64 l) {
                    for (int i = 0; i < n; i++) d.data[i] = l.data[off + i];
                } else {
                    for (int i = 0; i < n; i++) d.data[i] = src.get(off + i);
                }
            }
            case Storage.I64 d -> {
                for (int i = 0; i < n; i++) d.data[i] = (long) src.get(off + i);
            }
        }
        if (!dtype.isFloating() || !x.dtype().isFloating()) {
            return out;
        }
        DType from = x.dtype();
        return Autograd.record("to", out, new Tensor[] {x}, g -> new Tensor[] {g.to(from)});
    }

    /**
     * x's elements in row-major order for a kernel to read: x itself when contiguous, else a copy. It records no
     * graph (the op reading it records its own node on x).
     */
    static Tensor dense(Tensor x) {
        return x.detach().contiguous();
    }

    /** A contiguous copy of x; the gradient passes through unchanged. */
    public static Tensor copy(Tensor x) {
        Tensor out = Tensor.empty(x.dtype(), x.dims());
        copyRaw(out, x);
        return Autograd.record("clone", out, new Tensor[] {x}, g -> new Tensor[] {g});
    }

    /** Writes src, broadcast to dst's shape and converted to dst's dtype, into dst (no graph). */
    public static void copyInto(Tensor dst, Tensor src) {
        Shape target = Shape.broadcast("copyFrom", dst.shape(), src.shape());
        if (!target.equals(dst.shape())) {
            throw new ShapeException("copyFrom: source of shape " + src.shape() + " cannot be broadcast to destination "
                    + dst.shape());
        }
        Tensor s = src.detach().to(dst.dtype()).expand(dst.dims());
        if (s.storage() == dst.storage()) {
            s = copy(s); // the two views may overlap: read everything before writing
        }
        copyRaw(dst, s);
    }

    /** Copies src (same shape and dtype) into dst element by element through both layouts. */
    static void copyRaw(Tensor dst, Tensor src) {
        StridedCopy.copy(dst.dims(), src.storage().array(), src.offset(), src.strides(),
                dst.storage().array(), dst.offset(), dst.strides());
    }
}

package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Constant padding with PyTorch's F.pad convention: pads = (left, right) for the last dim, then (top, bottom) for
 * the one before it, and so on. Gradient: the slice that holds the input.
 */
public final class Pad {
    private Pad() {}

    public static Tensor pad(Tensor x, int[] pads, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.rank()) {
            throw new ShapeException("pad: expected (before, after) pairs for at most " + x.rank() + " dims of "
                    + x.shape() + ", got " + Arrays.toString(pads));
        }
        int[] dims = x.dims();
        int[] before = new int[x.rank()];
        for (int i = 0; i < pads.length / 2; i++) {
            int d = x.rank() - 1 - i;
            if (pads[2 * i] < 0 || pads[2 * i + 1] < 0) {
                throw new ShapeException("pad: negative padding " + Arrays.toString(pads) + " is not supported;"
                        + " use narrow() to crop");
            }
            before[d] = pads[2 * i];
            dims[d] += pads[2 * i] + pads[2 * i + 1];
        }
        Tensor out = Tensor.full(value, x.dtype(), dims);
        Convert.copyRaw(interior(out, before, x.dims()), x);
        int[] inDims = x.dims();
        return Autograd.record("pad", out, new Tensor[] {x}, g -> new Tensor[] {interior(g, before, inDims)});
    }

    private static Tensor interior(Tensor t, int[] before, int[] sizes) {
        Tensor v = t;
        for (int d = 0; d < sizes.length; d++) {
            v = v.narrow(d, before[d], sizes[d]);
        }
        return v;
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Resizing images (B, C, H, W) as PyTorch's F.interpolate does, one spatial dim at a time: "nearest" reads source
 * index floor(dst * in / out); "bilinear" reads the two neighbours of the source coordinate (dst + 0.5) * in / out
 * - 0.5 (clamped at 0; with alignCorners, dst * (in - 1) / (out - 1), so the corner pixels stay put) weighted by
 * their distance. Built from index selects and weighted sums, so its gradient is their adjoint (a scatter-add).
 */
public final class Interpolation {
    private Interpolation() {}

    /** The resized images (B, C, outH, outW); {@code mode} "nearest" or "bilinear". */
    public static Tensor interpolate(Tensor x, int outH, int outW, String mode, boolean alignCorners) {
        if (x.rank() != 4 || outH < 1 || outW < 1) {
            throw new ShapeException("interpolate: expected images (B, C, H, W) and a size of at least 1 x 1, got "
                    + x.shape() + " to " + outH + " x " + outW);
        }
        return switch (mode) {
            case "nearest" -> nearest(nearest(x, 2, outH), 3, outW);
            case "bilinear" -> linear(linear(x, 2, outH, alignCorners), 3, outW, alignCorners);
            default -> throw new IllegalArgumentException("interpolate: mode must be nearest or bilinear, got '"
                    + mode + "'");
        };
    }

    private static Tensor nearest(Tensor x, int dim, int out) {
        int in = x.size(dim);
        long[] index = new long[out];
        for (int i = 0; i < out; i++) index[i] = Math.min(in - 1, (long) Math.floor(i * (double) in / out));
        return x.indexSelect(dim, Tensor.fromArray(index, out));
    }

    private static Tensor linear(Tensor x, int dim, int out, boolean alignCorners) {
        int in = x.size(dim);
        long[] low = new long[out];
        long[] high = new long[out];
        double[] highWeight = new double[out];
        for (int i = 0; i < out; i++) {
            double src = alignCorners ? (out > 1 ? i * (in - 1.0) / (out - 1) : 0)
                    : Math.max(0, (i + 0.5) * in / out - 0.5);
            int l = Math.min(in - 1, (int) src);
            low[i] = l;
            high[i] = l < in - 1 ? l + 1 : l;
            highWeight[i] = src - l;
        }
        int[] shape = new int[4];
        java.util.Arrays.fill(shape, 1);
        shape[dim] = out;
        Tensor h = Tensor.fromArray(highWeight, shape).to(x.dtype());
        Tensor lowRows = x.indexSelect(dim, Tensor.fromArray(low, out));
        Tensor highRows = x.indexSelect(dim, Tensor.fromArray(high, out));
        return lowRows.add(highRows.sub(lowRows).mul(h));
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

/**
 * Upsampling layer (PyTorch's nn.Upsample with an integer scale factor): images (B, C, H, W) -&gt; (B, C, H * scale,
 * W * scale), by nearest neighbour or bilinear interpolation (see {@link Interpolation}).
 */
public final class Upsample extends Layer {
    private final int scale;
    private final String mode;
    private final boolean alignCorners;

    public Upsample(int scale, String mode, boolean alignCorners) {
        if (scale < 1 || !(mode.equals("nearest") || mode.equals("bilinear"))) {
            throw new IllegalArgumentException("Upsample: scale must be >= 1 and mode nearest or bilinear, got " + scale
                    + " and '" + mode + "'");
        }
        this.scale = scale;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(describe() + ": expected images (B, C, H, W), got " + x.shape());
        }
        return Interpolation.interpolate(x, x.size(2) * scale, x.size(3) * scale, mode, alignCorners);
    }

    @Override
    public String toString() {
        return "Upsample(scale=" + scale + ", mode=" + mode + (alignCorners ? ", align_corners" : "") + ")";
    }
}

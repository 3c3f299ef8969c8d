// Adaptive average pooling to a fixed output size, with PyTorch's bins: output cell i covers input rows
// floor(i * H / outH) .. ceil((i + 1) * H / outH) (and likewise for columns). Output 1x1 is global average pooling.
// Shapes: x (B, C, H, W) -> y (B, C, outH, outW).
package dev.dendrite.nn;

import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class AdaptiveAvgPool2d extends Layer {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(describe() + ": expected input (B, C, H, W), got " + x.shape());
        }
        int h = x.size(2);
        int w = x.size(3);
        if (h % outH == 0 && w % outW == 0) {
            // Equal bins: a reshape and a mean.
            return x.reshape(x.size(0), x.size(1), outH, h / outH, outW, w / outW).mean(new int[] {3, 5}, false);
        }
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < outH; i++) {
            int h0 = Math.floorDiv(i * h, outH);
            int h1 = -Math.floorDiv(-(i + 1) * h, outH);
            List<Tensor> cells = new ArrayList<>();
            for (int j = 0; j < outW; j++) {
                int w0 = Math.floorDiv(j * w, outW);
                int w1 = -Math.floorDiv(-(j + 1) * w, outW);
                cells.add(x.narrow(2, h0, h1 - h0).narrow(3, w0, w1 - w0).mean(new int[] {2, 3}, false));
            }
            rows.add(Tensor.stack(cells, 2)); // (B, C, outW)
        }
        return Tensor.stack(rows, 2); // (B, C, outH, outW)
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outH + ", " + outW + ")";
    }
}

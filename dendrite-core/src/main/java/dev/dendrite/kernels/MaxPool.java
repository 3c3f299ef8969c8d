// Max pooling over the planes of a contiguous (planes, H, W) block: each output takes the largest element of its
// window (padding never wins; NaN does, as in PyTorch) and remembers where it was, so the backward pass sends
// each output's gradient to exactly that input element (the first maximum on ties, as PyTorch).
package dev.dendrite.kernels;

public final class MaxPool {
    private MaxPool() {}

    /** out[plane, oh, ow] = max over the window; argmax gets the flat input index within the plane. */
    public static void forward(Unfold.Geometry g, int planes, float[] x, int xOff, float[] out, int[] argmax) {
        int plane = g.h() * g.w();
        int outPlane = g.outH() * g.outW();
        Parallel.range(planes, Math.max(1, 4096 / Math.max(outPlane, 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = xOff + p * plane;
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int where = -1;
                        for (int ki = 0; ki < g.kh(); ki++) {
                            int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                            if (ih < 0 || ih >= g.h()) continue;
                            for (int kj = 0; kj < g.kw(); kj++) {
                                int iw = ow * g.sw() - g.padLeft() + kj * g.dw();
                                if (iw < 0 || iw >= g.w()) continue;
                                float v = x[base + ih * g.w() + iw];
                                if (where < 0 || v > best || v != v) {
                                    best = v;
                                    where = ih * g.w() + iw;
                                }
                            }
                        }
                        int o = p * outPlane + oh * g.outW() + ow;
                        out[o] = best;
                        argmax[o] = where;
                    }
                }
            }
        });
    }

    public static void forward(Unfold.Geometry g, int planes, double[] x, int xOff, double[] out, int[] argmax) {
        int plane = g.h() * g.w();
        int outPlane = g.outH() * g.outW();
        for (int p = 0; p < planes; p++) {
            int base = xOff + p * plane;
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int where = -1;
                    for (int ki = 0; ki < g.kh(); ki++) {
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int ih = oh * g.sh() - g.padTop() + ki * g.dh();
                            int iw = ow * g.sw() - g.padLeft() + kj * g.dw();
                            if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) continue;
                            double v = x[base + ih * g.w() + iw];
                            if (where < 0 || v > best || v != v) {
                                best = v;
                                where = ih * g.w() + iw;
                            }
                        }
                    }
                    int o = p * outPlane + oh * g.outW() + ow;
                    out[o] = best;
                    argmax[o] = where;
                }
            }
        }
    }

    /** gx[plane, argmax] += gy[plane, o] for every output o. */
    public static void backward(int planes, int plane, int outPlane, float[] gy, int gyOff, int[] argmax, float[] gx) {
        Parallel.range(planes, Math.max(1, 4096 / Math.max(outPlane, 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int o = 0; o < outPlane; o++) {
                    gx[p * plane + argmax[p * outPlane + o]] += gy[gyOff + p * outPlane + o];
                }
            }
        });
    }

    public static void backward(int planes, int plane, int outPlane, double[] gy, int gyOff, int[] argmax, double[] gx) {
        for (int p = 0; p < planes; p++) {
            for (int o = 0; o < outPlane; o++) {
                gx[p * plane + argmax[p * outPlane + o]] += gy[gyOff + p * outPlane + o];
            }
        }
    }
}

package dev.dendrite.kernels;

import dev.dendrite.memory.ZeroedArrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct 2-d convolution with the batch in the vector lanes, for batches of convolutions whose per-image GEMMs are
 * too thin (LeNet's 6 and 16 channels): input and output gradient in a zero-padded (C, H, W, B) layout (vector
 * gathers), every multiply-add a full vector over images, no im2col, results back to (B, C, H, W) by scatters.
 * y[o][oy][ox] = bias[o] + sum_{i, ky, kx} w[o][i][ky][kx] * x[i][oy*sh + ky*dh][ox*sw + kx*dw]; each output
 * element is computed by one task in one order, so results do not depend on thread timing.
 */
public final class DirectConv {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();
    /** Images per register block: two vectors. */
    private static final int BB = 2 * L;
    /** Output channels per register block (forward) and input channels per block (input gradient). */
    private static final int CB = 8;
    /** Rows of each 4 x 4 register block of the weight gradient. */
    private static final int WB = 4;

    private DirectConv() {}

    /**
     * The sizes of one convolution: batch, groups, input and output channels per group, the padded input plane
     * (hp x wp, the image placed at (padTop, padLeft)), the output plane, kernel, stride and dilation.
     */
    public record Dims(int batch, int groups, int inG, int outG, int hp, int wp, int outH, int outW, int kh, int kw,
                       int sh, int sw, int dh, int dw) {
        /** The batch rounded up to whole register blocks: the length of the lane dimension. */
        public int lanes() {
            return (batch + BB - 1) / BB * BB;
        }

        int taps() {
            return kh * kw;
        }

        int inPlane() {
            return hp * wp;
        }

        int outPlane() {
            return outH * outW;
        }
    }

    /**
     * x (B, C, h, w) at x[xOff..] -> a new (C, hp, wp, lanes) array with each image at (top, left) of its plane
     * and zeros elsewhere (padding and padded images). L images at a time move with one vector gather.
     */
    public static float[] toLanes(float[] x, int xOff, int batch, int channels, int h, int w, int hp, int wp, int top,
                                  int left, int lanes) {
        float[] t = ZeroedArrays.take(channels * hp * wp * lanes);
        int imageStride = channels * h * w;
        int[] images = imageOffsets(imageStride);
        int blocks = (batch + L - 1) / L;
        Parallel.range(channels * blocks, 1, (from, to) -> {
            for (int task = from; task < to; task++) {
                int c = task / blocks;
                int b0 = task % blocks * L;
                int n = Math.min(L, batch - b0);
                for (int y = 0; y < h; y++) {
                    int src = xOff + (b0 * channels + c) * h * w + y * w;
                    int dst = ((c * hp + top + y) * wp + left) * lanes + b0;
                    for (int xx = 0; xx < w; xx++) {
                        if (n == L) {
                            FloatVector.fromArray(S, x, src + xx, images, 0).intoArray(t, dst + xx * lanes);
                        } else {
                            for (int b = 0; b < n; b++) t[dst + xx * lanes + b] = x[src + xx + b * imageStride];
                        }
                    }
                }
            }
        });
        return t;
    }

    /**
     * The (h, w) region at (top, left) of planes of t (C', hp, wp, lanes) -> y (B, C, h, w) at y[yOff..], channel c
     * read from plane (c / groupSize) * groupStride + c % groupSize (groupSize = groupStride = C for all planes).
     * L images at a time move with one vector scatter.
     */
    public static void fromLanes(float[] t, int batch, int channels, int groupSize, int groupStride, int hp, int wp,
                                 int top, int left, int h, int w, int lanes, float[] y, int yOff) {
        int imageStride = channels * h * w;
        int[] images = imageOffsets(imageStride);
        int blocks = (batch + L - 1) / L;
        Parallel.range(channels * blocks, 1, (from, to) -> {
            for (int task = from; task < to; task++) {
                int c = task / blocks;
                int b0 = task % blocks * L;
                int n = Math.min(L, batch - b0);
                int plane = c / groupSize * groupStride + c % groupSize;
                for (int yy = 0; yy < h; yy++) {
                    int src = ((plane * hp + top + yy) * wp + left) * lanes + b0;
                    int dst = yOff + (b0 * channels + c) * h * w + yy * w;
                    for (int xx = 0; xx < w; xx++) {
                        if (n == L) {
                            FloatVector.fromArray(S, t, src + xx * lanes).intoArray(y, dst + xx, images, 0);
                        } else {
                            for (int b = 0; b < n; b++) y[dst + xx + b * imageStride] = t[src + xx * lanes + b];
                        }
                    }
                }
            }
        });
    }

    /**
     * The offset of every (input channel, ky, kx) of a group in the lane layout from the window's corner, in the
     * order the sums run: one flat loop over taps (the nested channel, row and column loops ran 8-10 % slower).
     */
    private static int[] tapOffsets(Dims d) {
        int[] taps = new int[d.inG * d.taps()];
        for (int i = 0; i < d.inG; i++) {
            for (int ky = 0; ky < d.kh; ky++) {
                for (int kx = 0; kx < d.kw; kx++) {
                    taps[(i * d.kh + ky) * d.kw + kx] = ((i * d.hp + ky * d.dh) * d.wp + kx * d.dw) * d.lanes();
                }
            }
        }
        return taps;
    }

    /** The index map of L consecutive images for a vector gather or scatter. */
    private static int[] imageOffsets(int imageStride) {
        int[] offsets = new int[L];
        for (int i = 0; i < L; i++) offsets[i] = i * imageStride;
        return offsets;
    }

    /**
     * y (B, C_out, outH, outW) at y[yOff..] = conv(xt, w) + bias, xt as {@link #toLanes} lays it out, w (C_out, inG,
     * kh, kw) at w[wOff..], bias (C_out) at bias[bOff..] or null. Each position's register block goes straight to
     * the images' planes with vector scatters (no lane-layout output).
     */
    public static void forward(Dims d, float[] xt, float[] w, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        int blocks = (d.outG + CB - 1) / CB;
        int lanes = d.lanes();
        // Weights as [group][block][input channel][tap][CB], zero for channels past the group's end.
        float[] wp = new float[d.groups * blocks * d.inG * d.taps() * CB];
        float[] bp = new float[d.groups * blocks * CB];
        for (int g = 0; g < d.groups; g++) {
            for (int o = 0; o < d.outG; o++) {
                int oc = g * d.outG + o;
                int blk = g * blocks + o / CB;
                bp[blk * CB + o % CB] = bias == null ? 0f : bias[bOff + oc];
                for (int i = 0; i < d.inG; i++) {
                    for (int t = 0; t < d.taps(); t++) {
                        wp[((blk * d.inG + i) * d.taps() + t) * CB + o % CB] = w[wOff + (oc * d.inG + i) * d.taps() + t];
                    }
                }
            }
        }
        int[] taps = tapOffsets(d);
        int laneBlocks = lanes / BB;
        int tasks = d.groups * blocks * d.outH * laneBlocks;
        int imageStride = d.groups * d.outG * d.outPlane();
        int[] images = imageOffsets(imageStride);
        Parallel.range(tasks, 1, (from, to) -> {
            float[] tile = new float[CB * BB];
            for (int task = from; task < to; task++) {
                int lb = task % laneBlocks;
                int oy = task / laneBlocks % d.outH;
                int blk = task / laneBlocks / d.outH;
                int g = blk / blocks;
                int valid = Math.min(CB, d.outG - blk % blocks * CB);
                int b0 = lb * BB;
                int outBase = yOff + (b0 * imageStride + (g * d.outG + blk % blocks * CB) * d.outPlane()) + oy * d.outW;
                for (int ox = 0; ox < d.outW; ox++) {
                    int inPos = ((g * d.inG) * d.inPlane() + oy * d.sh * d.wp + ox * d.sw) * lanes + b0;
                    gatherRow(taps, xt, inPos, wp, blk * d.inG * d.taps() * CB, bp, blk * CB, tile);
                    scatterTile(tile, valid, Math.min(BB, d.batch - b0), y, outBase + ox, d.outPlane(), imageStride,
                            images);
                }
            }
        });
    }

    /**
     * Stores a register tile (CB channels x BB images, as gatherRow leaves it) to the first {@code valid}
     * channel planes ({@code plane} apart) of the first {@code count} images ({@code imageStride} apart).
     */
    private static void scatterTile(float[] tile, int valid, int count, float[] y, int out, int plane,
                                    int imageStride, int[] images) {
        for (int j = 0; j < valid; j++) {
            int dst = out + j * plane;
            if (count == BB) {
                FloatVector.fromArray(S, tile, j * BB).intoArray(y, dst, images, 0);
                FloatVector.fromArray(S, tile, j * BB + L).intoArray(y, dst + L * imageStride, images, 0);
            } else {
                for (int b = 0; b < count; b++) y[dst + b * imageStride] = tile[j * BB + b];
            }
        }
    }

    /**
     * One output position of CB channels for BB images: the sum over input channels and taps of the packed
     * weights times the input vectors, starting from the bias, stored to tile[j * BB ..] for channel j.
     */
    private static void gatherRow(int[] taps, float[] xt, int inPos, float[] wp, int wq, float[] bp, int bq,
                                  float[] tile) {
        FloatVector a00 = FloatVector.broadcast(S, bp[bq]), a01 = a00;
        FloatVector a10 = FloatVector.broadcast(S, bp[bq + 1]), a11 = a10;
        FloatVector a20 = FloatVector.broadcast(S, bp[bq + 2]), a21 = a20;
        FloatVector a30 = FloatVector.broadcast(S, bp[bq + 3]), a31 = a30;
        FloatVector a40 = FloatVector.broadcast(S, bp[bq + 4]), a41 = a40;
        FloatVector a50 = FloatVector.broadcast(S, bp[bq + 5]), a51 = a50;
        FloatVector a60 = FloatVector.broadcast(S, bp[bq + 6]), a61 = a60;
        FloatVector a70 = FloatVector.broadcast(S, bp[bq + 7]), a71 = a70;
        for (int t = 0; t < taps.length; t++) {
            int q = inPos + taps[t];
            int wt = wq + t * CB;
            FloatVector x0 = FloatVector.fromArray(S, xt, q);
            FloatVector x1 = FloatVector.fromArray(S, xt, q + L);
            FloatVector w0 = FloatVector.broadcast(S, wp[wt]);
            a00 = w0.fma(x0, a00);
            a01 = w0.fma(x1, a01);
            FloatVector w1 = FloatVector.broadcast(S, wp[wt + 1]);
            a10 = w1.fma(x0, a10);
            a11 = w1.fma(x1, a11);
            FloatVector w2 = FloatVector.broadcast(S, wp[wt + 2]);
            a20 = w2.fma(x0, a20);
            a21 = w2.fma(x1, a21);
            FloatVector w3 = FloatVector.broadcast(S, wp[wt + 3]);
            a30 = w3.fma(x0, a30);
            a31 = w3.fma(x1, a31);
            FloatVector w4 = FloatVector.broadcast(S, wp[wt + 4]);
            a40 = w4.fma(x0, a40);
            a41 = w4.fma(x1, a41);
            FloatVector w5 = FloatVector.broadcast(S, wp[wt + 5]);
            a50 = w5.fma(x0, a50);
            a51 = w5.fma(x1, a51);
            FloatVector w6 = FloatVector.broadcast(S, wp[wt + 6]);
            a60 = w6.fma(x0, a60);
            a61 = w6.fma(x1, a61);
            FloatVector w7 = FloatVector.broadcast(S, wp[wt + 7]);
            a70 = w7.fma(x0, a70);
            a71 = w7.fma(x1, a71);
        }
        a00.intoArray(tile, 0);
        a01.intoArray(tile, L);
        a10.intoArray(tile, BB);
        a11.intoArray(tile, BB + L);
        a20.intoArray(tile, 2 * BB);
        a21.intoArray(tile, 2 * BB + L);
        a30.intoArray(tile, 3 * BB);
        a31.intoArray(tile, 3 * BB + L);
        a40.intoArray(tile, 4 * BB);
        a41.intoArray(tile, 4 * BB + L);
        a50.intoArray(tile, 5 * BB);
        a51.intoArray(tile, 5 * BB + L);
        a60.intoArray(tile, 6 * BB);
        a61.intoArray(tile, 6 * BB + L);
        a70.intoArray(tile, 7 * BB);
        a71.intoArray(tile, 7 * BB + L);
    }

    /**
     * The input gradient in the padded lane layout (C_in rounded up per group to whole blocks of CB channels,
     * hp, wp, lanes): every window position of x receives w times the output gradient dyt (C_out, outH, outW,
     * lanes). Read it back with {@link #fromLanes}, group stride {@link #inputGradientGroupStride}. One task per
     * block of input channels and lane block, so no two tasks write the same element.
     */
    public static float[] backwardInput(Dims d, float[] dyt, float[] w, int wOff) {
        int blocks = (d.inG + CB - 1) / CB;
        int lanes = d.lanes();
        // Weights as [group][block][tap][output channel][CB], zero for input channels past the group's end.
        float[] wp = new float[d.groups * blocks * d.taps() * d.outG * CB];
        for (int g = 0; g < d.groups; g++) {
            for (int o = 0; o < d.outG; o++) {
                for (int i = 0; i < d.inG; i++) {
                    int blk = g * blocks + i / CB;
                    for (int t = 0; t < d.taps(); t++) {
                        wp[((blk * d.taps() + t) * d.outG + o) * CB + i % CB] =
                                w[wOff + ((g * d.outG + o) * d.inG + i) * d.taps() + t];
                    }
                }
            }
        }
        float[] dxt = ZeroedArrays.take(d.groups * blocks * CB * d.inPlane() * lanes);
        int laneBlocks = lanes / BB;
        Parallel.range(d.groups * blocks * laneBlocks, 1, (from, to) -> {
            for (int task = from; task < to; task++) {
                int lb = task % laneBlocks;
                int blk = task / laneBlocks;
                int g = blk / blocks;
                int dyBase = g * d.outG * d.outPlane() * lanes + lb * BB;
                int dxBase = blk * CB * d.inPlane() * lanes + lb * BB;
                for (int oy = 0; oy < d.outH; oy++) {
                    for (int ox = 0; ox < d.outW; ox++) {
                        int dy = dyBase + (oy * d.outW + ox) * lanes;
                        int window = dxBase + (oy * d.sh * d.wp + ox * d.sw) * lanes;
                        for (int ky = 0; ky < d.kh; ky++) {
                            for (int kx = 0; kx < d.kw; kx++) {
                                scatterTap(d, dyt, dy, wp, ((blk * d.taps()) + ky * d.kw + kx) * d.outG * CB, dxt,
                                        window + (ky * d.dh * d.wp + kx * d.dw) * lanes, d.inPlane() * lanes);
                            }
                        }
                    }
                }
            }
        });
        return dxt;
    }

    /** Planes per group in the array {@link #backwardInput} returns: the group's input channels rounded up to CB. */
    public static int inputGradientGroupStride(Dims d) {
        return (d.inG + CB - 1) / CB * CB;
    }

    /** dx at CB channel planes ({@code plane} apart) of one position += sum over output channels of w * dy. */
    private static void scatterTap(Dims d, float[] dyt, int dy, float[] wp, int wq, float[] dxt, int dx, int plane) {
        int dyPlane = d.outPlane() * d.lanes();
        FloatVector a00 = FloatVector.fromArray(S, dxt, dx), a01 = FloatVector.fromArray(S, dxt, dx + L);
        FloatVector a10 = FloatVector.fromArray(S, dxt, dx + plane), a11 = FloatVector.fromArray(S, dxt, dx + plane + L);
        FloatVector a20 = FloatVector.fromArray(S, dxt, dx + 2 * plane);
        FloatVector a21 = FloatVector.fromArray(S, dxt, dx + 2 * plane + L);
        FloatVector a30 = FloatVector.fromArray(S, dxt, dx + 3 * plane);
        FloatVector a31 = FloatVector.fromArray(S, dxt, dx + 3 * plane + L);
        FloatVector a40 = FloatVector.fromArray(S, dxt, dx + 4 * plane);
        FloatVector a41 = FloatVector.fromArray(S, dxt, dx + 4 * plane + L);
        FloatVector a50 = FloatVector.fromArray(S, dxt, dx + 5 * plane);
        FloatVector a51 = FloatVector.fromArray(S, dxt, dx + 5 * plane + L);
        FloatVector a60 = FloatVector.fromArray(S, dxt, dx + 6 * plane);
        FloatVector a61 = FloatVector.fromArray(S, dxt, dx + 6 * plane + L);
        FloatVector a70 = FloatVector.fromArray(S, dxt, dx + 7 * plane);
        FloatVector a71 = FloatVector.fromArray(S, dxt, dx + 7 * plane + L);
        for (int o = 0; o < d.outG; o++) {
            int q = dy + o * dyPlane;
            FloatVector y0 = FloatVector.fromArray(S, dyt, q);
            FloatVector y1 = FloatVector.fromArray(S, dyt, q + L);
            FloatVector w0 = FloatVector.broadcast(S, wp[wq]);
            a00 = w0.fma(y0, a00);
            a01 = w0.fma(y1, a01);
            FloatVector w1 = FloatVector.broadcast(S, wp[wq + 1]);
            a10 = w1.fma(y0, a10);
            a11 = w1.fma(y1, a11);
            FloatVector w2 = FloatVector.broadcast(S, wp[wq + 2]);
            a20 = w2.fma(y0, a20);
            a21 = w2.fma(y1, a21);
            FloatVector w3 = FloatVector.broadcast(S, wp[wq + 3]);
            a30 = w3.fma(y0, a30);
            a31 = w3.fma(y1, a31);
            FloatVector w4 = FloatVector.broadcast(S, wp[wq + 4]);
            a40 = w4.fma(y0, a40);
            a41 = w4.fma(y1, a41);
            FloatVector w5 = FloatVector.broadcast(S, wp[wq + 5]);
            a50 = w5.fma(y0, a50);
            a51 = w5.fma(y1, a51);
            FloatVector w6 = FloatVector.broadcast(S, wp[wq + 6]);
            a60 = w6.fma(y0, a60);
            a61 = w6.fma(y1, a61);
            FloatVector w7 = FloatVector.broadcast(S, wp[wq + 7]);
            a70 = w7.fma(y0, a70);
            a71 = w7.fma(y1, a71);
            wq += CB;
        }
        a00.intoArray(dxt, dx);
        a01.intoArray(dxt, dx + L);
        a10.intoArray(dxt, dx + plane);
        a11.intoArray(dxt, dx + plane + L);
        a20.intoArray(dxt, dx + 2 * plane);
        a21.intoArray(dxt, dx + 2 * plane + L);
        a30.intoArray(dxt, dx + 3 * plane);
        a31.intoArray(dxt, dx + 3 * plane + L);
        a40.intoArray(dxt, dx + 4 * plane);
        a41.intoArray(dxt, dx + 4 * plane + L);
        a50.intoArray(dxt, dx + 5 * plane);
        a51.intoArray(dxt, dx + 5 * plane + L);
        a60.intoArray(dxt, dx + 6 * plane);
        a61.intoArray(dxt, dx + 6 * plane + L);
        a70.intoArray(dxt, dx + 7 * plane);
        a71.intoArray(dxt, dx + 7 * plane + L);
    }

    /**
     * dw (C_out, inG, kh, kw) at dw[dwOff..] = the sum over output positions and images of dyt times the input
     * window elements of xt. Blocks of 4 output channels x 4 (input channel, tap) pairs; the last block of each
     * repeats its final index and keeps only the distinct results. Lanes are summed at the end in a fixed order.
     */
    public static void backwardWeight(Dims d, float[] dyt, float[] xt, float[] dw, int dwOff) {
        int pairs = d.inG * d.taps();
        int oBlocks = (d.outG + WB - 1) / WB;
        int pBlocks = (pairs + WB - 1) / WB;
        Parallel.range(d.groups * oBlocks * pBlocks, 1, (from, to) -> {
            float[] sums = new float[WB * WB];
            int[] yBase = new int[WB];
            int[] xBase = new int[WB];
            for (int task = from; task < to; task++) {
                int pb = task % pBlocks;
                int ob = task / pBlocks % oBlocks;
                int g = task / pBlocks / oBlocks;
                for (int j = 0; j < WB; j++) {
                    int o = Math.min(ob * WB + j, d.outG - 1);
                    yBase[j] = (g * d.outG + o) * d.outPlane() * d.lanes();
                    int pair = Math.min(pb * WB + j, pairs - 1);
                    int i = pair / d.taps();
                    int t = pair % d.taps();
                    xBase[j] = ((g * d.inG + i) * d.inPlane() + t / d.kw * d.dh * d.wp + t % d.kw * d.dw) * d.lanes();
                }
                weightBlock(d, dyt, yBase, xt, xBase, sums);
                for (int j = 0; j < WB && ob * WB + j < d.outG; j++) {
                    int oc = g * d.outG + ob * WB + j;
                    for (int m = 0; m < WB && pb * WB + m < pairs; m++) {
                        dw[dwOff + oc * pairs + pb * WB + m] = sums[j * WB + m];
                    }
                }
            }
        });
    }

    /** sums[j * 4 + m] = sum over positions and lanes of dyt at yBase[j] times xt at xBase[m] (window-shifted). */
    private static void weightBlock(Dims d, float[] dyt, int[] yBase, float[] xt, int[] xBase, float[] sums) {
        int lanes = d.lanes();
        int y0b = yBase[0], y1b = yBase[1], y2b = yBase[2], y3b = yBase[3];
        int x0b = xBase[0], x1b = xBase[1], x2b = xBase[2], x3b = xBase[3];
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int oy = 0; oy < d.outH; oy++) {
            for (int ox = 0; ox < d.outW; ox++) {
                int yp = (oy * d.outW + ox) * lanes;
                int xp = (oy * d.sh * d.wp + ox * d.sw) * lanes;
                for (int l = 0; l < lanes; l += L) {
                    FloatVector y0 = FloatVector.fromArray(S, dyt, y0b + yp + l);
                    FloatVector y1 = FloatVector.fromArray(S, dyt, y1b + yp + l);
                    FloatVector y2 = FloatVector.fromArray(S, dyt, y2b + yp + l);
                    FloatVector y3 = FloatVector.fromArray(S, dyt, y3b + yp + l);
                    FloatVector x0 = FloatVector.fromArray(S, xt, x0b + xp + l);
                    FloatVector x1 = FloatVector.fromArray(S, xt, x1b + xp + l);
                    FloatVector x2 = FloatVector.fromArray(S, xt, x2b + xp + l);
                    FloatVector x3 = FloatVector.fromArray(S, xt, x3b + xp + l);
                    s00 = y0.fma(x0, s00);
                    s01 = y0.fma(x1, s01);
                    s02 = y0.fma(x2, s02);
                    s03 = y0.fma(x3, s03);
                    s10 = y1.fma(x0, s10);
                    s11 = y1.fma(x1, s11);
                    s12 = y1.fma(x2, s12);
                    s13 = y1.fma(x3, s13);
                    s20 = y2.fma(x0, s20);
                    s21 = y2.fma(x1, s21);
                    s22 = y2.fma(x2, s22);
                    s23 = y2.fma(x3, s23);
                    s30 = y3.fma(x0, s30);
                    s31 = y3.fma(x1, s31);
                    s32 = y3.fma(x2, s32);
                    s33 = y3.fma(x3, s33);
                }
            }
        }
        sums[0] = Lanes.sum(s00);
        sums[1] = Lanes.sum(s01);
        sums[2] = Lanes.sum(s02);
        sums[3] = Lanes.sum(s03);
        sums[4] = Lanes.sum(s10);
        sums[5] = Lanes.sum(s11);
        sums[6] = Lanes.sum(s12);
        sums[7] = Lanes.sum(s13);
        sums[8] = Lanes.sum(s20);
        sums[9] = Lanes.sum(s21);
        sums[10] = Lanes.sum(s22);
        sums[11] = Lanes.sum(s23);
        sums[12] = Lanes.sum(s30);
        sums[13] = Lanes.sum(s31);
        sums[14] = Lanes.sum(s32);
        sums[15] = Lanes.sum(s33);
    }
}

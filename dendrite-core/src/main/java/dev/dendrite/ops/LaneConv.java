// conv2d through kernels.DirectConv (the batch in the vector lanes): the float32 path for batches of small
// convolutions, where per-image GEMMs are too thin. Converts the input (and, in backward, the output gradient)
// to the (C, H, W, B) layout, keeps the converted input for the backward pass, and reads the input gradient back.
package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.ConvKernels;
import dev.dendrite.kernels.ConvLoops;
import dev.dendrite.kernels.DirectConv;
import dev.dendrite.kernels.Unfold;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

final class LaneConv {
    private LaneConv() {}

    /**
     * Whether the lane path should run this float32 convolution: a batch of at least one register block (32), and
     * per-output work (K = C_in/groups * kH * kW) and channel counts where it measured faster than im2col + GEMM
     * (LeNet's convolutions at batch 128; it loses for K = 9 and at batch 16: BENCHMARKS.md, session 3). From 64
     * output channels the chunked im2col + GEMM is as fast or faster (DCGAN's 1 -> 64 and 64 -> 128 at batch 64,
     * session 13).
     */
    static boolean suits(ConvLoops.Dims d) {
        return d.batch() >= 32 && d.k() >= 16 && d.k() <= 1024 && d.coutG() < 64;
    }

    /** The float32 convolution (shapes as Conv.conv2d, already checked; g and d resolved from them). */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Unfold.Geometry g, ConvLoops.Dims d) {
        int hp = Math.max(g.h() + g.padTop(), (g.outH() - 1) * g.sh() + (g.kh() - 1) * g.dh() + 1);
        int wp = Math.max(g.w() + g.padLeft(), (g.outW() - 1) * g.sw() + (g.kw() - 1) * g.dw() + 1);
        DirectConv.Dims dd = new DirectConv.Dims(d.batch(), d.groups(), g.channels() / d.groups(), d.coutG(), hp, wp,
                g.outH(), g.outW(), g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw());
        int lanes = dd.lanes();
        int cout = d.cout();
        Tensor xc = Convert.dense(x);
        Tensor wc = Convert.dense(weight);
        Tensor bc = bias == null ? null : Convert.dense(bias);
        float[] xt = DirectConv.toLanes(Conv.f32(xc), xc.offset(), d.batch(), g.channels(), g.h(), g.w(), hp,
                wp, g.padTop(), g.padLeft(), lanes);
        Tensor out = Tensor.empty(DType.FLOAT32, d.batch(), cout, g.outH(), g.outW());
        DirectConv.forward(dd, xt, Conv.f32(wc), wc.offset(), Conv.f32(bc), bc == null ? 0 : bc.offset(),
                Conv.f32(out), 0);
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        SavedTensor[] saved = {new SavedTensor("conv2d", wc)};
        return Autograd.record("conv2d", out, inputs, saved, grad -> {
            Tensor dy = grad.contiguous();
            Tensor w = saved[0].get();
            float[] dyt = DirectConv.toLanes(Conv.f32(dy), dy.offset(), d.batch(), cout, g.outH(), g.outW(),
                    g.outH(), g.outW(), 0, 0, lanes);
            Tensor dx = null;
            if (x.requiresGrad()) {
                dx = Tensor.empty(DType.FLOAT32, x.dims());
                float[] dxt = DirectConv.backwardInput(dd, dyt, Conv.f32(w), w.offset());
                DirectConv.fromLanes(dxt, d.batch(), g.channels(), dd.inG(), DirectConv.inputGradientGroupStride(dd),
                        hp, wp, g.padTop(), g.padLeft(), g.h(), g.w(), lanes, Conv.f32(dx), 0);
            }
            Tensor dw = null;
            if (weight.requiresGrad()) {
                dw = Tensor.empty(DType.FLOAT32, weight.dims());
                DirectConv.backwardWeight(dd, dyt, xt, Conv.f32(dw), 0);
            }
            Tensor db = null;
            if (bias != null && bias.requiresGrad()) {
                db = Tensor.zeros(DType.FLOAT32, cout);
                float[] sums = Conv.f32(db);
                float[] dyData = Conv.f32(dy);
                for (int b = 0; b < d.batch(); b++) {
                    ConvKernels.FAST.addRowSums(cout, d.l(), dyData, dy.offset() + b * cout * d.l(),
                            sums, 0);
                }
            }
            return bias == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
        });
    }
}

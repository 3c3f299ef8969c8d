// The float Elman, LSTM and GRU step kernels against the double reference ones, on a hidden size with full vectors and a
// tail (37 = two 16-lane vectors and 5), so both the plain and the masked vector paths run.
package dev.dendrite.kernels;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.fail;

class RecurrentKernelTest {
    private static final int H = 37;
    private final Generator gen = new Generator(11);

    private static void close(String what, float[] fast, double[] reference) {
        for (int i = 0; i < fast.length; i++) {
            if (Math.abs(fast[i] - reference[i]) > 1e-5 + 1e-4 * Math.abs(reference[i])) {
                fail(what + ": element " + i + " fast " + fast[i] + " reference " + reference[i]);
            }
        }
    }

    @Test
    void lstmStepMatchesTheReference() {
        float[] gates = KernelArrays.gaussian(gen, 4 * H, 2);
        float[] cPrev = KernelArrays.gaussian(gen, H, 1);
        float[] h = new float[H];
        float[] c = new float[H];
        double[] gatesRef = KernelArrays.widen(gates);
        double[] hRef = new double[H];
        double[] cRef = new double[H];
        RecurrentCells.FAST.lstmForward(H, gates, 0, cPrev, 0, h, 0, c, 0);
        RecurrentCells.REFERENCE.lstmForward(H, gatesRef, 0, KernelArrays.widen(cPrev), 0, hRef, 0, cRef, 0);
        close("activations", gates, gatesRef);
        close("h", h, hRef);
        close("c", c, cRef);
        float[] dh = KernelArrays.gaussian(gen, H, 1);
        float[] dc = KernelArrays.gaussian(gen, H, 1);
        float[] dGates = new float[4 * H];
        double[] dhRef = KernelArrays.widen(dh);
        double[] dcRef = KernelArrays.widen(dc);
        double[] dGatesRef = new double[4 * H];
        RecurrentCells.FAST.lstmBackward(H, gates, 0, cPrev, 0, c, 0, dh, 0, dc, 0, dGates, 0);
        RecurrentCells.REFERENCE.lstmBackward(H, gatesRef, 0, KernelArrays.widen(cPrev), 0, cRef, 0, dhRef, 0, dcRef, 0, dGatesRef, 0);
        close("gate gradients", dGates, dGatesRef);
        close("dc", dc, dcRef);
        close("dh (consumed)", dh, dhRef);
    }

    @Test
    void elmanStepMatchesTheReferenceWithTanhAndRelu() {
        for (boolean relu : new boolean[] {false, true}) {
            float[] pre = KernelArrays.gaussian(gen, H, 1.5);
            float[] h = new float[H];
            double[] hRef = new double[H];
            RecurrentCells.FAST.rnnForward(H, relu, pre, 0, h, 0);
            RecurrentCells.REFERENCE.rnnForward(H, relu, KernelArrays.widen(pre), 0, hRef, 0);
            close("h", h, hRef);
            float[] dh = KernelArrays.gaussian(gen, H, 1);
            float[] dPre = new float[H];
            double[] dhRef = KernelArrays.widen(dh);
            double[] dPreRef = new double[H];
            RecurrentCells.FAST.rnnBackward(H, relu, h, 0, dh, 0, dPre, 0);
            RecurrentCells.REFERENCE.rnnBackward(H, relu, hRef, 0, dhRef, 0, dPreRef, 0);
            close("pre-activation gradients", dPre, dPreRef);
            close("dh (consumed)", dh, dhRef);
        }
    }

    @Test
    void gruStepMatchesTheReference() {
        float[] x = KernelArrays.gaussian(gen, 3 * H, 1.5);
        float[] hh = KernelArrays.gaussian(gen, 3 * H, 1.5);
        float[] hPrev = KernelArrays.gaussian(gen, H, 1);
        float[] act = new float[3 * H];
        float[] h = new float[H];
        double[] actRef = new double[3 * H];
        double[] hRef = new double[H];
        RecurrentCells.FAST.gruForward(H, x, 0, hh, 0, hPrev, 0, act, 0, h, 0);
        RecurrentCells.REFERENCE.gruForward(H, KernelArrays.widen(x), 0, KernelArrays.widen(hh), 0, KernelArrays.widen(hPrev), 0, actRef, 0, hRef, 0);
        close("activations", act, actRef);
        close("h", h, hRef);
        float[] dh = KernelArrays.gaussian(gen, H, 1);
        float[] dx = new float[3 * H];
        float[] dhh = new float[3 * H];
        double[] dhRef = KernelArrays.widen(dh);
        double[] dxRef = new double[3 * H];
        double[] dhhRef = new double[3 * H];
        RecurrentCells.FAST.gruBackward(H, act, 0, hh, 0, hPrev, 0, dh, 0, dx, 0, dhh, 0);
        RecurrentCells.REFERENCE.gruBackward(H, actRef, 0, KernelArrays.widen(hh), 0, KernelArrays.widen(hPrev), 0, dhRef, 0, dxRef, 0, dhhRef, 0);
        close("input gradients", dx, dxRef);
        close("recurrent-term gradients", dhh, dhhRef);
        close("dh (direct part)", dh, dhRef);
    }

    @Test
    void addToCoversFullVectorsAndTheTail() {
        float[] src = KernelArrays.gaussian(gen, H, 1);
        float[] dst = KernelArrays.gaussian(gen, H + 3, 1);
        double[] ref = KernelArrays.widen(dst);
        RecurrentCells.FAST.addTo(H, src, 0, dst, 3);
        RecurrentCells.REFERENCE.addTo(H, KernelArrays.widen(src), 0, ref, 3);
        close("sum", dst, ref);
    }
}

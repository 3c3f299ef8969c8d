package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A channel plane copied into a buffer with its padding around it, for {@link Unfold}'s rows narrower than a vector
 * at column stride 1 (7 x 7 and 14 x 14 maps): the inputs of one output row under one kernel tap are then one
 * contiguous run, copied with one masked load and store, where a per-element offset map took 43 % of a 7 x 7
 * convolution's forward. Row r of the buffer is padded row r (image row r - padTop), {@link #stride} floats apart,
 * holding the padded columns the windows read.
 */
final class PaddedPlane {
    private static final VectorSpecies<Float> S = FastUnary.S;
    private static final int L = S.length();

    private PaddedPlane() {}

    /** Whether unfold and fold take this route: column stride 1 and output rows narrower than a vector. */
    static boolean suits(Unfold.Geometry g) {
        return g.sw() == 1 && g.outW() < L;
    }

    /** Padded rows the windows read. */
    static int rows(Unfold.Geometry g) {
        return (g.outH() - 1) * g.sh() + (g.kh() - 1) * g.dh() + 1;
    }

    /** Padded columns the windows read. */
    static int columns(Unfold.Geometry g) {
        return g.outW() + (g.kw() - 1) * g.dw();
    }

    /** Floats between consecutive rows: the columns and room for a vector read from the last one. */
    static int stride(Unfold.Geometry g) {
        return columns(g) + L;
    }

    /** Floats of a buffer. */
    static int size(Unfold.Geometry g) {
        return rows(g) * stride(g);
    }

    /** Where the run of output row oh under tap (ki, kj) starts. */
    static int run(Unfold.Geometry g, int oh, int ki, int kj) {
        return (oh * g.sh() + ki * g.dh()) * stride(g) + kj * g.dw();
    }

    /** The image plane at x[at..] (H x W) into plane, the padding filled with padValue. */
    static void load(Unfold.Geometry g, float[] x, int at, float padValue, float[] plane) {
        int stride = stride(g);
        java.util.Arrays.fill(plane, 0, size(g), padValue);
        int width = Math.min(g.w(), columns(g) - g.padLeft());
        for (int y = 0; y < g.h() && y + g.padTop() < rows(g); y++) {
            if (width > 0) {
                System.arraycopy(x, at + y * g.w(), plane, (y + g.padTop()) * stride + g.padLeft(), width);
            }
        }
    }

    /** dx[at..] (H x W) += the image's part of plane. */
    static void addTo(Unfold.Geometry g, float[] plane, float[] dx, int at) {
        int stride = stride(g);
        int width = Math.min(g.w(), columns(g) - g.padLeft());
        for (int y = 0; y < g.h() && y + g.padTop() < rows(g); y++) {
            int src = (y + g.padTop()) * stride + g.padLeft();
            int dst = at + y * g.w();
            for (int c = 0; c < width; c++) {
                dx[dst + c] += plane[src + c];
            }
        }
    }

    /** The mask of an output row's lanes. */
    static VectorMask<Float> rowMask(Unfold.Geometry g) {
        return S.indexInRange(0, g.outW());
    }

    /** cols[to ..] = plane[from ..], the masked lanes. */
    static void copyRun(float[] plane, int from, float[] cols, int to, VectorMask<Float> row) {
        FloatVector.fromArray(S, plane, from).intoArray(cols, to, row);
    }

    /** plane[to ..] += cols[from ..], the masked lanes. */
    static void addRun(float[] cols, int from, float[] plane, int to, VectorMask<Float> row) {
        FloatVector.fromArray(S, plane, to).add(FloatVector.fromArray(S, cols, from, row)).intoArray(plane, to, row);
    }
}

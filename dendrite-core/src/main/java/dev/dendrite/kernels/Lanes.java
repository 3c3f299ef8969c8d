// A float sum of a vector's lanes in one fixed order. FloatVector.reduceLanes(ADD) may add the lanes in any
// order, and does: the JIT-compiled intrinsic adds them as a tree, the interpreted fallback one by one, so the
// same call could round differently before and after compilation and break run-to-run bit identity. Here each
// step adds the vector to a copy of itself with lanes swapped (i with i ^ half), an exact lane-wise operation in
// every execution mode, until lane 0 holds the whole sum.
package dev.dendrite.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

final class Lanes {
    private static final VectorSpecies<Float> S = FastUnary.S;
    /** For each step, the shuffle pairing lane i with lane i ^ half, halves from S.length() / 2 down to 1. */
    private static final VectorShuffle<Float>[] SWAPS = swaps();

    private Lanes() {}

    static float sum(FloatVector v) {
        for (VectorShuffle<Float> swap : SWAPS) {
            v = v.add(v.rearrange(swap));
        }
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] swaps() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] swaps = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int half = S.length() >> (s + 1);
            swaps[s] = VectorShuffle.fromOp(S, i -> i ^ half);
        }
        return swaps;
    }
}

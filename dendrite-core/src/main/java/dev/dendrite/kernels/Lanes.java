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
    // The shuffles pairing lane i with lane i ^ half, one constant each (null where half is not below the lane
    // count): read from an array, a shuffle is not a constant to the JIT, and rearrange then fell back to its
    // boxed Java implementation (in a profile of a DCGAN step, 70 samples under DirectConv's weight gradient).
    // 64 lanes are the most a float vector has (2048-bit SVE).
    private static final VectorShuffle<Float> SWAP32 = swap(32);
    private static final VectorShuffle<Float> SWAP16 = swap(16);
    private static final VectorShuffle<Float> SWAP8 = swap(8);
    private static final VectorShuffle<Float> SWAP4 = swap(4);
    private static final VectorShuffle<Float> SWAP2 = swap(2);
    private static final VectorShuffle<Float> SWAP1 = swap(1);

    private Lanes() {}

    static float sum(FloatVector v) {
        int n = S.length();
        if (n > 32) {
            v = v.add(v.rearrange(SWAP32));
        }
        if (n > 16) {
            v = v.add(v.rearrange(SWAP16));
        }
        if (n > 8) {
            v = v.add(v.rearrange(SWAP8));
        }
        if (n > 4) {
            v = v.add(v.rearrange(SWAP4));
        }
        if (n > 2) {
            v = v.add(v.rearrange(SWAP2));
        }
        if (n > 1) {
            v = v.add(v.rearrange(SWAP1));
        }
        return v.lane(0);
    }

    private static VectorShuffle<Float> swap(int half) {
        return half < S.length() ? VectorShuffle.fromOp(S, i -> i ^ half) : null;
    }
}

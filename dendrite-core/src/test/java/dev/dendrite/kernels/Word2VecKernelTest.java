// FastWord2Vec against ReferenceWord2Vec: lengths around and between vector widths (0 and 1 included) and offsets
// into longer rows, as word2vec's tables hold them.
package dev.dendrite.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Word2VecKernelTest {
    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void fastLoopsMatchTheReference() {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 3, 7, 8, 15, 16, 17, 33, 100, 300}) {
            float[] in = random(r, n + 5);
            float[] out = random(r, n + 9);
            float[] err = random(r, n + 2);
            float fast = FastWord2Vec.dot(in, 5, out, 9, n);
            float reference = ReferenceWord2Vec.dot(in, 5, out, 9, n);
            assertEquals(reference, fast, 1e-5 * (1 + Math.sqrt(n)), "dot n=" + n);

            float[] outFast = out.clone();
            float[] errFast = err.clone();
            FastWord2Vec.update(0.3f, in, 5, outFast, 9, errFast, 2, n);
            ReferenceWord2Vec.update(0.3f, in, 5, out, 9, err, 2, n);
            assertArrayEquals(out, outFast, 1e-6f, "update output n=" + n);
            assertArrayEquals(err, errFast, 1e-6f, "update error n=" + n);

            float[] y = random(r, n + 4);
            float[] yFast = y.clone();
            FastWord2Vec.axpy(-1.5f, in, 5, yFast, 4, n);
            ReferenceWord2Vec.axpy(-1.5f, in, 5, y, 4, n);
            assertArrayEquals(y, yFast, 1e-6f, "axpy n=" + n);
        }
    }
}

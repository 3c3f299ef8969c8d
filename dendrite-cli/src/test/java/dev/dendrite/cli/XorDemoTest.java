// The demo behind the README's main command really learns XOR.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class XorDemoTest {
    @Test
    void learnsXor() {
        float[] p = XorDemo.run(3000, new PrintStream(OutputStream.nullOutputStream())).toFloatArray();
        float[] rounded = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            rounded[i] = Math.round(p[i]);
        }
        // observed: 0.0043, 0.9891, 0.9890, 0.0131
        assertArrayEquals(new float[] {0, 1, 1, 0}, rounded);
    }
}

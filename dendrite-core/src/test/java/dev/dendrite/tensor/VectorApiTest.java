// A JVM started without --add-modules jdk.incubator.vector gets one message naming the option on its first tensor,
// not a NoClassDefFoundError from inside a kernel.
package dev.dendrite.tensor;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorApiTest {
    /** Child process: the first tensor op. */
    public static void main(String[] args) {
        System.out.println(Tensor.zeros(4).add(1).sum().item());
    }

    @Test
    void aJvmWithoutTheVectorApiIsToldWhichOptionToAdd() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                VectorApiTest.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("add --add-modules jdk.incubator.vector to the java command"), out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
    }
}

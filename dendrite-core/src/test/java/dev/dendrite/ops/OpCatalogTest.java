// Runs every catalog row through the float64 gradient check and the float32-fast vs float64-reference
// comparison (forward and gradients), and fails when a public op has no row.
package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class OpCatalogTest {

    /** Public methods returning tensors that are not ops: factories, autograd plumbing and in-place updates. */
    private static final Set<String> NOT_OPS = Set.of(
            "empty", "zeros", "ones", "full", "scalar", "arange", "eye", "fromArray", "of", "uniform", "rand",
            "normal", "randn", "bernoulli", // factories: CreationTest
            "grad", "requiresGrad", "retainGrad", "detach", // autograd plumbing: AutogradTest
            "copyFrom", "fillInPlace", "zeroInPlace", "addInPlace", "mulInPlace", // in-place: AutogradTest
            "copyInto", "copy", "matrix", "sumToShape", "record");

    /** Tensor's facade and every public class of the ops package, found on the class path, not listed by hand. */
    private static List<Class<?>> opClasses() throws Exception {
        List<Class<?>> out = new java.util.ArrayList<>(List.of(Tensor.class));
        java.nio.file.Path dir = java.nio.file.Path.of(Conv.class.getResource("Conv.class").toURI()).getParent();
        try (var files = java.nio.file.Files.list(dir)) {
            for (String file : files.map(f -> f.getFileName().toString()).sorted().toList()) {
                if (file.endsWith(".class") && !file.contains("$")) {
                    Class<?> c = Class.forName("dev.dendrite.ops." + file.substring(0, file.length() - 6));
                    if (Modifier.isPublic(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> gradientsMatchCentralDifferences() {
        List<OpCase> rows = OpCatalog.rows();
        return rows.stream().filter(OpCase::gradCheck).map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            long seed = 1000 + rows.indexOf(row);
            String mismatch = GradCheck.check(row.fn(), row.inputs(seed), seed + 1);
            assertNull(mismatch, row + ": " + mismatch);
        }));
    }

    @TestFactory
    Stream<DynamicTest> fastFloat32MatchesFloat64Reference() {
        List<OpCase> rows = OpCatalog.rows();
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            long seed = 2000 + rows.indexOf(row);
            List<Tensor> ref = row.inputs(seed);
            List<Tensor> fast = new ArrayList<>();
            for (Tensor t : ref) {
                // Round the reference inputs to float32 values so both see identical numbers.
                Tensor rounded = t.to(DType.FLOAT32).to(DType.FLOAT64);
                t.copyFrom(rounded);
                fast.add(rounded.to(DType.FLOAT32));
            }
            boolean grads = row.gradCheck();
            ref.forEach(t -> t.requiresGrad(grads));
            fast.forEach(t -> t.requiresGrad(grads));
            Tensor yRef = row.fn().apply(ref);
            Tensor yFast = row.fn().apply(fast);
            assertEquals(yRef.shape(), yFast.shape(), row + ": shape");
            assertClose(row + " forward", yFast, yRef, row.tolerance().rtol, row.tolerance().atol);
            if (grads) {
                Tensor v = Tensor.normal(new Generator(seed + 7), 0, 1, DType.FLOAT64, yRef.dims());
                yRef.backward(v);
                yFast.backward(v.to(DType.FLOAT32));
                for (int i = 0; i < ref.size(); i++) {
                    if (ref.get(i).grad() == null) {
                        continue;
                    }
                    assertEquals(DType.FLOAT32, fast.get(i).grad().dtype());
                    assertClose(row + " gradient of input " + i, fast.get(i).grad(), ref.get(i).grad(), 1e-3, 1e-4);
                }
            }
        }));
    }

    private static void assertClose(String what, Tensor actual, Tensor expected, double rtol, double atol) {
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail(what + ": element " + i + " is " + a[i] + ", reference " + e[i]);
            }
        }
    }

    @Test
    void everyPublicOpHasACatalogRow() throws Exception {
        Set<String> covered = new TreeSet<>();
        OpCatalog.rows().forEach(r -> covered.add(r.name()));
        Set<String> missing = new TreeSet<>();
        List<Class<?>> classes = opClasses();
        assertTrue(classes.contains(Recurrent.class) && classes.contains(Pool.class), "scan found " + classes);
        for (Class<?> c : classes) {
            for (Method m : c.getDeclaredMethods()) {
                boolean returnsTensors = m.getReturnType() == Tensor.class || m.getReturnType() == List.class;
                if (Modifier.isPublic(m.getModifiers()) && returnsTensors && !NOT_OPS.contains(m.getName())
                        && !covered.contains(m.getName())) {
                    missing.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "public ops without a catalog row: " + missing);
    }

    @Test
    void catalogCoversTheIssueOpList() {
        Set<String> names = new TreeSet<>();
        OpCatalog.rows().forEach(r -> names.add(r.name()));
        for (String op : List.of("add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "rsqrt", "abs", "sign",
                "clamp", "minimum", "maximum", "where", "eq", "ne", "lt", "le", "gt", "ge", "sum", "mean", "max", "min",
                "argmax", "argmin", "var", "std", "logsumexp", "matmul", "linear", "cat", "stack", "split", "chunk",
                "gather", "scatterAdd", "indexSelect", "maskedFill", "oneHot", "pad", "softmax", "logSoftmax", "step",
                "sigmoid", "tanh", "relu", "leakyRelu", "elu", "gelu", "softplus")) {
            assertTrue(names.contains(op), "catalog lacks " + op);
        }
    }
}

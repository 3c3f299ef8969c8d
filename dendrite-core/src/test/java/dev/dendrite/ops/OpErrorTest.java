// Bad input gets a typed error that names the op, the shapes or dtypes involved, and what was expected.
package dev.dendrite.ops;

import dev.dendrite.autograd.AutogradException;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.DTypeException;
import dev.dendrite.tensor.DendriteException;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpErrorTest {
    private record ErrorCase(String name, Class<? extends DendriteException> type, Executable call, String... fragments) {}

    private static Tensor z(int... dims) {
        return Tensor.zeros(dims);
    }

    private static final List<ErrorCase> CASES = List.of(
            new ErrorCase("matmul inner dims", ShapeException.class, () -> z(3, 4).matmul(z(5, 2)),
                    "matmul: cannot multiply (3, 4) by (5, 2): inner dimensions 4 and 5 differ"),
            new ErrorCase("matmul batch dims", ShapeException.class, () -> z(2, 3, 4).matmul(z(3, 4, 5)),
                    "matmul", "(2)", "(3)"),
            new ErrorCase("matmul scalar", ShapeException.class, () -> Tensor.scalar(1).matmul(z(2)), "matmul", "at least 1 dim"),
            new ErrorCase("mixed dtypes", DTypeException.class, () -> z(2).add(Tensor.zeros(DType.FLOAT64, 2)),
                    "add", "FLOAT32", "FLOAT64"),
            new ErrorCase("integer exp", DTypeException.class, () -> Tensor.arange(3).exp(), "exp", "INT64"),
            new ErrorCase("integer matmul", DTypeException.class, () -> Tensor.arange(3).matmul(Tensor.arange(3)), "matmul", "INT64"),
            new ErrorCase("broadcast", ShapeException.class, () -> z(2, 3).mul(z(4)), "mul", "(2, 3)", "(4)"),
            new ErrorCase("reshape count", ShapeException.class, () -> z(2, 3).reshape(4, 2), "reshape", "[4, 2]", "(2, 3)"),
            new ErrorCase("two -1", ShapeException.class, () -> z(2, 3).reshape(-1, -1), "only one dimension can be -1"),
            new ErrorCase("view of non-contiguous", ShapeException.class, () -> z(2, 3).t().view(6), "view", "reshape()"),
            new ErrorCase("dim out of range", ShapeException.class, () -> z(2, 3).sum(2), "sum", "dimension 2", "(2, 3)"),
            new ErrorCase("repeated dim", ShapeException.class, () -> z(2, 3).sum(new int[] {1, -1}, false), "sum", "more than once"),
            new ErrorCase("narrow range", ShapeException.class, () -> z(2, 3).narrow(1, 2, 2), "narrow", "[2, 4)", "size 3"),
            new ErrorCase("permute arity", ShapeException.class, () -> z(2, 3).permute(0), "permute", "rank 2"),
            new ErrorCase("expand", ShapeException.class, () -> z(2, 3).expand(4, 3), "expand", "size 2"),
            new ErrorCase("cat shapes", ShapeException.class, () -> Tensor.cat(List.of(z(2, 3), z(2, 4)), 0),
                    "cat", "(2, 4)", "(2, 3)", "dim 0"),
            new ErrorCase("stack shapes", ShapeException.class, () -> Tensor.stack(List.of(z(2), z(3)), 0), "stack", "(3)"),
            new ErrorCase("gather index range", ShapeException.class,
                    () -> z(2, 3).gather(1, Tensor.fromArray(new long[] {0, 3}, 2, 1)), "gather", "index 3", "size 3"),
            new ErrorCase("gather index dtype", DTypeException.class, () -> z(2, 3).gather(1, z(2, 1)), "gather", "INT64"),
            new ErrorCase("indexSelect range", ShapeException.class,
                    () -> z(2, 3).indexSelect(0, Tensor.fromArray(new long[] {2})), "indexSelect", "index 2"),
            new ErrorCase("oneHot range", ShapeException.class,
                    () -> Tensor.oneHot(Tensor.fromArray(new long[] {1, 5}), 4), "oneHot", "5", "[0, 4)"),
            new ErrorCase("maskedFill mask shape", ShapeException.class, () -> z(2, 3).maskedFill(z(2, 3, 1), 1), "maskedFill", "(2, 3, 1)"),
            new ErrorCase("pad pairs", ShapeException.class, () -> z(2, 3).pad(new int[] {1}, 0), "pad", "pairs"),
            new ErrorCase("pad negative", ShapeException.class, () -> z(2, 3).pad(new int[] {-1, 0}, 0), "pad", "narrow"),
            new ErrorCase("softmax dtype", DTypeException.class, () -> Tensor.arange(3).softmax(0), "softmax", "INT64"),
            new ErrorCase("linear weight", ShapeException.class, () -> MatMul.linear(z(2, 3), z(4, 5), null),
                    "linear", "(2, 3)", "(4, 5)"),
            new ErrorCase("fromArray count", ShapeException.class, () -> Tensor.fromArray(new float[5], 2, 3), "fromArray", "5", "(2, 3)"),
            new ErrorCase("item of many", ShapeException.class, () -> z(2).item(), "item", "(2)"),
            new ErrorCase("max of empty", ShapeException.class, () -> z(0).max(), "max", "empty"),
            new ErrorCase("backward of non-scalar", AutogradException.class,
                    () -> z(2).requiresGrad(true).mul(2).backward(), "backward", "(2)"),
            new ErrorCase("backward without grad", AutogradException.class, () -> z(1).sum().backward(), "backward", "requiresGrad"));

    @TestFactory
    Stream<DynamicTest> badInputGivesATypedReadableError() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            DendriteException e = assertThrows(c.type(), c.call());
            for (String fragment : c.fragments()) {
                assertTrue(e.getMessage().contains(fragment), "message lacks '" + fragment + "': " + e.getMessage());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> matmulMessageIsExactlyAsDocumented() {
        return Stream.of(DynamicTest.dynamicTest("matmul", () -> assertEquals(
                "matmul: cannot multiply (3, 4) by (5, 2): inner dimensions 4 and 5 differ",
                assertThrows(ShapeException.class, () -> z(3, 4).matmul(z(5, 2))).getMessage())));
    }
}

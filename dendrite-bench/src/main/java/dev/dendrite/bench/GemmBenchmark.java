// JMH: float32 matrix multiply through Tensor.matmul at the sizes. Report GFLOP/s = 2 M K N / time.
// Run: mvn -B -q -DskipTests install && mvn -B -q -pl dendrite-bench compile exec:exec@jmh -Djmh.args="GemmBenchmark"
package dev.dendrite.bench;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {
    /** "MxKxN". */
    @Param({"32x32x32", "64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "2048x2048x2048", "128x784x512"})
    public String mkn;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        String[] p = mkn.split("x");
        Generator g = new Generator(0);
        a = Tensor.randn(g, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        b = Tensor.randn(g, Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}

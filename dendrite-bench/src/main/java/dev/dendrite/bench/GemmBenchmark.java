// JMH: float32 matrix multiply through Tensor.matmul at the sizes. Report GFLOP/s = 2 M K N / time.
// Run: mvn -B -q -pl dendrite-bench -am compile exec:exec@jmh -Djmh.args="GemmBenchmark"
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
    /** "M,K,N". */
    @Param({"32,32,32", "64,64,64", "128,128,128", "256,256,256", "512,512,512", "1024,1024,1024",
            "2048,2048,2048", "128,784,512"})
    public String mkn;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        String[] p = mkn.split(",");
        Generator g = new Generator(0);
        a = Tensor.randn(g, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        b = Tensor.randn(g, Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}

// JMH: elementwise and reduction kernels on 1M float32 elements through the Tensor API
// (memory-bound ops: compare against about 2 x 4 MB moved per call).
// Run: mvn -B -q -DskipTests install && mvn -B -q -pl dendrite-bench compile exec:exec@jmh -Djmh.args="ElementwiseBenchmark"
package dev.dendrite.bench;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
public class ElementwiseBenchmark {
    private Tensor x;
    private Tensor positive;
    private Tensor y;
    private Tensor rows;
    private Tensor bias;

    @Setup
    public void setup() {
        Generator g = new Generator(0);
        x = Tensor.randn(g, 1 << 20);
        positive = x.abs();
        y = Tensor.randn(g, 1 << 20);
        rows = Tensor.randn(g, 1024, 1024);
        bias = Tensor.randn(g, 1024);
    }

    @Benchmark
    public Tensor add() {
        return x.add(y);
    }

    @Benchmark
    public Tensor addBiasRows() {
        return rows.add(bias);
    }

    @Benchmark
    public Tensor exp() {
        return x.exp();
    }

    @Benchmark
    public Tensor log() {
        return positive.log();
    }

    @Benchmark
    public Tensor tanh() {
        return x.tanh();
    }

    @Benchmark
    public Tensor sigmoid() {
        return x.sigmoid();
    }

    @Benchmark
    public Tensor gelu() {
        return x.gelu();
    }

    @Benchmark
    public Tensor sumAll() {
        return x.sum();
    }

    @Benchmark
    public Tensor sumRows() {
        return rows.sum(1);
    }

    @Benchmark
    public Tensor sumColumns() {
        return rows.sum(0);
    }

    @Benchmark
    public Tensor softmaxRows() {
        return rows.softmax(1);
    }
}

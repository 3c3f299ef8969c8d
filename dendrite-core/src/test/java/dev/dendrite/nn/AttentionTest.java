// MultiheadAttention, the Transformer layers and positional encodings against PyTorch 1.13 fixtures (outputs and
// gradients, in float64 through the reference kernels and float32 through the fast ones), plus the mask
// properties and error messages.
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static dev.dendrite.testing.TorchFixtures.get;
import static dev.dendrite.testing.TorchFixtures.withPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionTest {
    private static final TransformerOptions SMALL = TransformerOptions.BATCH_FIRST.withFeedforward(16);

    /** Tolerances per precision: float64 reaches PyTorch's float64 to rounding, float32 to its epsilon. */
    private static double tol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-9 : 2e-4;
    }

    private static void close(String what, Tensor actual, Tensor expected, DType dtype) {
        assertEquals(expected.shape(), actual.shape(), what + " shape");
        assertTrue(actual.to(DType.FLOAT64).allClose(expected, tol(dtype), tol(dtype)),
                what + ": " + actual + " vs PyTorch " + expected);
    }

    private static Tensor in(String name, DType dtype) {
        return get(name).to(dtype).requiresGrad(true);
    }

    private static Tensor kpm() {
        return get("kpm").to(DType.INT64);
    }

    /** Loads the fixture's parameters into m, runs fn, backpropagates the fixture's cotangent, checks all grads. */
    private static void matches(String prefix, Module m, DType dtype, Function<Map<String, Tensor>, Tensor> fn) {
        m.to(dtype);
        m.loadState(withPrefix(prefix + ".p."));
        Map<String, Tensor> inputs = new java.util.HashMap<>();
        Tensor out = fn.apply(inputs);
        close(prefix + " output", out, get(prefix + ".out"), dtype);
        out.backward(get(prefix + ".cot").to(dtype));
        inputs.forEach((name, t) -> close(prefix + " gradient of " + name, t.grad(), get(prefix + ".g" + name), dtype));
        m.namedParameters().forEach((name, p) -> close(prefix + " gradient of " + name, p.grad(),
                get(prefix + ".g." + name), dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void selfAttentionWithKeyPaddingMatchesPyTorch(DType dtype) {
        MultiheadAttention mha = new MultiheadAttention(8, 2, new Generator(1));
        matches("mhaSelf", mha, dtype, inputs -> {
            Tensor x = inputs.computeIfAbsent("x", n -> in("mhaSelf.x", dtype));
            var a = mha.attend(x, x, x, AttentionMask.keyPadding(kpm()));
            close("mhaSelf head-averaged weights", a.weights().mean(new int[] {1}, false), get("mhaSelf.weights"), dtype);
            return a.output();
        });
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void timeFirstCrossAttentionWithSeparateKeyValueSizesMatchesPyTorch(DType dtype) {
        MultiheadAttention mha = new MultiheadAttention(6, 3, AttentionOptions.TIME_FIRST.withKeyValueDims(4, 5),
                new Generator(1));
        assertTrue(mha.namedParameters().containsKey("k_proj_weight"));
        matches("mhaCross", mha, dtype, inputs -> {
            Tensor q = inputs.computeIfAbsent("q", n -> in("mhaCross.q", dtype));
            Tensor k = inputs.computeIfAbsent("k", n -> in("mhaCross.k", dtype));
            Tensor v = inputs.computeIfAbsent("v", n -> in("mhaCross.v", dtype));
            var a = mha.attend(q, k, v, AttentionMask.NONE.withAttnMask(get("mhaCross.am").to(dtype)));
            close("mhaCross head-averaged weights", a.weights().mean(new int[] {1}, false), get("mhaCross.weights"),
                    dtype);
            return a.output();
        });
    }

    @Test
    void causalMaskMatchesPyTorchsTriangularBooleanMask() {
        MultiheadAttention mha = new MultiheadAttention(8, 4, new Generator(1));
        mha.loadState(withPrefix("mhaCausal.p."));
        Tensor x = get("mhaCausal.x").to(DType.FLOAT32);
        close("causal", mha.attend(x, x, x, AttentionMask.causal()).output(), get("mhaCausal.out"), DType.FLOAT32);
        Tensor triangle = Tensor.ones(DType.INT64, 6, 6).triu(1);
        close("boolean-style mask", mha.attend(x, x, x, AttentionMask.NONE.withAttnMask(triangle)).output(),
                get("mhaCausal.out"), DType.FLOAT32);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void encoderLayersMatchPyTorchPostAndPreNorm(DType dtype) {
        TransformerEncoderLayer post = new TransformerEncoderLayer(8, 2, SMALL, new Generator(1));
        TransformerEncoderLayer pre = new TransformerEncoderLayer(8, 2,
                SMALL.withNormFirst(true).withActivation(TransformerOptions.Activation.GELU), new Generator(1));
        for (var e : Map.of("encPost", post, "encPre", pre).entrySet()) {
            e.getValue().eval();
            matches(e.getKey(), e.getValue(), dtype, inputs -> e.getValue().forward(
                    inputs.computeIfAbsent("x", n -> in(e.getKey() + ".x", dtype)), AttentionMask.keyPadding(kpm())));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void decoderLayerMatchesPyTorch(DType dtype) {
        TransformerDecoderLayer layer = new TransformerDecoderLayer(8, 2, SMALL, new Generator(1));
        layer.eval();
        matches("dec", layer, dtype, inputs -> layer.forward(inputs.computeIfAbsent("tgt", n -> in("dec.tgt", dtype)),
                inputs.computeIfAbsent("mem", n -> in("dec.mem", dtype)), AttentionMask.causal(),
                AttentionMask.keyPadding(kpm())));
    }

    @Test
    void aPyTorchTransformerStateDictLoadsByNameAndGivesItsOutput() {
        Transformer tf = new Transformer(8, 2, 2, 2, SMALL, new Generator(1));
        tf.loadState(withPrefix("tf.p."));
        tf.eval();
        Tensor out = tf.forward(get("tf.src").to(DType.FLOAT32), get("tf.tgt").to(DType.FLOAT32),
                AttentionMask.keyPadding(kpm()), AttentionMask.NONE.withAttnMask(Transformer.squareSubsequentMask(4)),
                AttentionMask.keyPadding(kpm()));
        close("nn.Transformer", out, get("tf.out"), DType.FLOAT32);
    }

    @Test
    void aPaddedKeyChangesNothingAndLaterTokensDoNotReachEarlierOutputs() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, SMALL, new Generator(3));
        layer.eval();
        Tensor x = Tensor.randn(new Generator(4), 2, 5, 8);
        Tensor padding = Tensor.fromArray(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, 2, 5);
        Tensor y = layer.forward(x, AttentionMask.keyPadding(padding));
        Tensor changed = x.clone();
        changed.select(0, 1).slice(0, 3, 5, 1).copyFrom(Tensor.randn(new Generator(5), 2, 8));
        Tensor y2 = layer.forward(changed, AttentionMask.keyPadding(padding));
        assertTrue(y2.slice(1, 0, 3, 1).allClose(y.slice(1, 0, 3, 1), 1e-6, 1e-6), "a padded key changed an output");
        Tensor z = layer.forward(x, AttentionMask.causal());
        Tensor later = x.clone();
        later.slice(1, 3, 5, 1).copyFrom(Tensor.randn(new Generator(6), 2, 2, 8));
        Tensor z2 = layer.forward(later, AttentionMask.causal());
        assertTrue(z2.slice(1, 0, 3, 1).allClose(z.slice(1, 0, 3, 1), 1e-6, 1e-6), "a later token reached t < 3");
        assertTrue(!z2.slice(1, 3, 5, 1).allClose(z.slice(1, 3, 5, 1), 1e-3, 1e-3), "the changed tokens had no effect");
    }

    @Test
    void aQueryWithEveryKeyMaskedGetsZerosNotNaN() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), 1, 3, 4).requiresGrad(true);
        var a = mha.attend(x, x, x, AttentionMask.keyPadding(Tensor.ones(DType.INT64, 1, 3)));
        assertTrue(a.weights().eq(Tensor.zeros(1, 2, 3, 3)).sum().item() == 18, "weights " + a.weights());
        a.output().sum().backward();
        assertTrue(!Double.isNaN(x.grad().sum().item()), "NaN gradient");
    }

    @Test
    void badShapesAndSizesGiveClearErrors() {
        var wrongHeads = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3, new Generator(1)));
        assertTrue(wrongHeads.getMessage().contains("embedDim 10 and 3 heads"), wrongHeads.getMessage());
        TransformerEncoder encoder = new TransformerEncoder(8, 2, 1, SMALL, false, new Generator(1));
        Tensor x = Tensor.zeros(2, 5, 8);
        var badMask = assertThrows(ShapeException.class,
                () -> encoder.forward(x, AttentionMask.keyPadding(Tensor.zeros(DType.INT64, 2, 4))));
        assertTrue(badMask.getMessage().contains("layers.0.self_attn (MultiheadAttention): expected key padding mask (2, 5)"),
                badMask.getMessage());
        var badInput = assertThrows(ShapeException.class, () -> encoder.forward(Tensor.zeros(2, 5, 6)));
        assertTrue(badInput.getMessage().contains("expected src (B, T, 8), got (2, 5, 6)"), badInput.getMessage());
        var badAttn = assertThrows(ShapeException.class,
                () -> encoder.forward(x, AttentionMask.NONE.withAttnMask(Tensor.zeros(5, 4))));
        assertTrue(badAttn.getMessage().contains("expected attention mask (5, 5) or (4, 5, 5)"), badAttn.getMessage());
    }

    @Test
    void sinusoidalEncodingFollowsThePaperAndLearnedPositionsAreBounded() {
        Tensor pe = SinusoidalPositionalEncoding.table(3, 6);
        assertEquals(Math.sin(2), pe.get(2, 0), 1e-6);
        assertEquals(Math.cos(2), pe.get(2, 1), 1e-6);
        assertEquals(Math.sin(2 / Math.pow(10000, 4 / 6.0)), pe.get(2, 4), 1e-6);
        assertEquals(Math.cos(1 / Math.pow(10000, 2 / 6.0)), pe.get(1, 3), 1e-6);
        Tensor y = new SinusoidalPositionalEncoding(6, false).forward(Tensor.zeros(3, 2, 6));
        assertTrue(y.select(1, 1).allClose(pe, 0, 0));
        LearnedPositionalEmbedding learned = new LearnedPositionalEmbedding(4, 6, new Generator(1));
        var tooLong = assertThrows(ShapeException.class, () -> learned.forward(Tensor.zeros(1, 3, 6), 2));
        assertTrue(tooLong.getMessage().contains("positions 2..4 exceed the 4 learned positions"), tooLong.getMessage());
    }
}

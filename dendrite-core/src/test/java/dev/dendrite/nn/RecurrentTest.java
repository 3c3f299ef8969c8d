// The Elman RNN, LSTM, GRU and the embedding against PyTorch 1.13 (values and gradients, same parameter names), and the
// embedding's padding row and max-norm.
package dev.dendrite.nn;

import dev.dendrite.autograd.Grad;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.dendrite.testing.TorchFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentTest {
    private static void close(String what, Tensor actual, String fixture) {
        assertTrue(actual.to(DType.FLOAT64).allClose(get(fixture), 1e-4, 1e-5), what + ": " + actual + " vs " + get(fixture));
    }

    @Test
    void elmanRnnMatchesTorchRnn() {
        ElmanRnn rnn = new ElmanRnn(3, 4, false, RecurrentOptions.BATCH_FIRST, new Generator(0));
        try (var _ = Grad.disabled()) {
            rnn.namedParameters().forEach((name, p) -> p.copyFrom(get("rnn." + name)));
        }
        Tensor x = get("rnn.x").to(DType.FLOAT32).requiresGrad(true);
        Tensor h0 = get("rnn.h0").to(DType.FLOAT32).requiresGrad(true);
        ElmanRnn.Output out = rnn.forward(x, h0);
        close("output", out.output(), "rnn.out");
        close("h_n", out.hN(), "rnn.hn");
        out.output().mul(get("rnn.cot_out").to(DType.FLOAT32)).sum()
                .add(out.hN().mul(get("rnn.cot_hn").to(DType.FLOAT32)).sum()).backward();
        close("grad x", x.grad(), "rnn.gx");
        close("grad h0", h0.grad(), "rnn.gh0");
        rnn.namedParameters().forEach((name, p) -> close("grad " + name, p.grad(), "rnn.grad." + name));
        assertEquals(java.util.List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                java.util.List.copyOf(rnn.namedParameters().keySet()));
    }

    private static void load(Module m, String prefix) {
        try (var _ = Grad.disabled()) {
            m.namedParameters().forEach((name, p) -> p.copyFrom(get(prefix + "." + name)));
        }
    }

    @Test
    void lstmMatchesTorchLstm() {
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.BATCH_FIRST, new Generator(0));
        load(lstm, "lstm");
        Tensor x = get("lstm.x").to(DType.FLOAT32).requiresGrad(true);
        Tensor h0 = get("lstm.h0").to(DType.FLOAT32).requiresGrad(true);
        Tensor c0 = get("lstm.c0").to(DType.FLOAT32).requiresGrad(true);
        Lstm.Output out = lstm.forward(x, h0, c0);
        close("output", out.output(), "lstm.out");
        close("h_n", out.hN(), "lstm.hn");
        close("c_n", out.cN(), "lstm.cn");
        out.output().mul(get("lstm.cot").to(DType.FLOAT32)).sum().add(out.hN().sum()).backward();
        close("grad x", x.grad(), "lstm.gx");
        close("grad h0", h0.grad(), "lstm.gh0");
        close("grad c0", c0.grad(), "lstm.gc0");
        lstm.namedParameters().forEach((name, p) -> close("grad " + name, p.grad(), "lstm.grad." + name));
    }

    @Test
    void gruMatchesTorchGru() {
        Gru gru = new Gru(3, 4, RecurrentOptions.BATCH_FIRST, new Generator(0));
        load(gru, "gru");
        Tensor x = get("gru.x").to(DType.FLOAT32).requiresGrad(true);
        Tensor h0 = get("gru.h0").to(DType.FLOAT32).requiresGrad(true);
        Gru.Output out = gru.forward(x, h0);
        close("output", out.output(), "gru.out");
        close("h_n", out.hN(), "gru.hn");
        out.output().mul(get("gru.cot").to(DType.FLOAT32)).sum().add(out.hN().sum()).backward();
        close("grad x", x.grad(), "gru.gx");
        close("grad h0", h0.grad(), "gru.gh0");
        gru.namedParameters().forEach((name, p) -> close("grad " + name, p.grad(), "gru.grad." + name));
    }

    /** Two layers, bidirectional, a padded batch (lengths 5, 3, 2) against PyTorch's packed sequences. */
    private static void matchesStackedTorch(String kind, Module module, Tensor[] states,
                                            java.util.function.Function<int[], Tensor[]> forward) {
        load(module, kind);
        Tensor[] out = forward.apply(new int[] {5, 3, 2}); // output, hN [, cN]
        close(kind + " output", out[0], kind + ".out");
        close(kind + " h_n", out[1], kind + ".hn");
        Tensor loss = out[0].mul(get(kind + ".cot").to(DType.FLOAT32)).sum()
                .add(out[1].mul(get(kind + ".cot_hn").to(DType.FLOAT32)).sum());
        if (out.length == 3) {
            close(kind + " c_n", out[2], kind + ".cn");
            loss = loss.add(out[2].mul(0.5).sum());
        }
        loss.backward();
        close(kind + " grad x", states[0].grad(), kind + ".gx");
        close(kind + " grad h0", states[1].grad(), kind + ".gh0");
        if (states.length == 3) {
            close(kind + " grad c0", states[2].grad(), kind + ".gc0");
        }
        module.namedParameters().forEach((name, p) -> close(kind + " grad " + name, p.grad(), kind + ".grad." + name));
    }

    private static Tensor leaf(String name) {
        return get(name).to(DType.FLOAT32).requiresGrad(true);
    }

    @Test
    void stackedBidirectionalLayersOnPaddedBatchesMatchTorchPackedSequences() {
        RecurrentOptions twoWay = RecurrentOptions.BATCH_FIRST.withLayers(2).withBidirectional(true);
        Tensor[] l = {leaf("lstm2.x"), leaf("lstm2.h0"), leaf("lstm2.c0")};
        Lstm lstm = new Lstm(3, 4, twoWay, new Generator(0));
        matchesStackedTorch("lstm2", lstm, l, len -> {
            Lstm.Output o = lstm.forward(l[0], len, l[1], l[2]);
            return new Tensor[] {o.output(), o.hN(), o.cN()};
        });
        Tensor[] g = {leaf("gru2.x"), leaf("gru2.h0")};
        Gru gru = new Gru(3, 4, twoWay, new Generator(0));
        matchesStackedTorch("gru2", gru, g, len -> {
            Gru.Output o = gru.forward(g[0], len, g[1]);
            return new Tensor[] {o.output(), o.hN()};
        });
        Tensor[] r = {leaf("rnn2.x"), leaf("rnn2.h0")};
        ElmanRnn rnn = new ElmanRnn(3, 4, false, twoWay.withBatchFirst(false), new Generator(0));
        matchesStackedTorch("rnn2", rnn, r, len -> {
            ElmanRnn.Output o = rnn.forward(r[0], len, r[1]);
            return new Tensor[] {o.output(), o.hN()};
        });
        assertEquals("Lstm(3, 4, layers=2, bidirectional, batch-first)", lstm.toString());
    }

    @Test
    void badRecurrentInputsNameTheLayerAndTheExpectedShape() {
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.BATCH_FIRST.withLayers(2), new Generator(0));
        Tensor x = Tensor.zeros(2, 5, 3);
        var wrongState = assertThrows(ShapeException.class, () -> lstm.forward(x, Tensor.zeros(1, 2, 4), null));
        assertEquals("Lstm: expected h0 (2, 2, 4), got (1, 2, 4)", wrongState.getMessage());
        var wrongInput = assertThrows(ShapeException.class, () -> lstm.forward(Tensor.zeros(2, 5, 6), null, null));
        assertEquals("Lstm: expected input (B, T, 3) with T >= 1, got (2, 5, 6)", wrongInput.getMessage());
        var wrongLength = assertThrows(ShapeException.class, () -> lstm.forward(x, new int[] {5, 6}, null, null));
        assertEquals("Lstm: length 6 of sequence 1 is outside 1..5", wrongLength.getMessage());
    }

    @Test
    void embeddedInputProjectsTheTableOnceWithTheSameValuesAndGradients() {
        Embedding emb = new Embedding(5, 3, 0, 0, new Generator(3)); // row 0 is padding
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.BATCH_FIRST.withLayers(2).withBidirectional(true), new Generator(4));
        Tensor ids = Tensor.fromArray(new long[] {1, 4, 2, 3, 0, 2, 2, 1, 0, 0}, 2, 5);
        int[] lengths = {4, 3};
        Lstm.Output viaTable = lstm.forward(emb, ids, lengths, null, null);
        viaTable.output().sum().add(viaTable.cN().sum()).backward();
        Tensor embGrad = emb.weight().grad().clone();
        Tensor ihGrad = lstm.namedParameters().get("weight_ih_l0_reverse").grad().clone();
        emb.zeroGrad();
        lstm.zeroGrad();
        Lstm.Output direct = lstm.forward(emb.forward(ids), lengths, null, null);
        direct.output().sum().add(direct.cN().sum()).backward();
        assertTrue(viaTable.output().allClose(direct.output(), 1e-5, 1e-6));
        assertTrue(viaTable.hN().allClose(direct.hN(), 1e-5, 1e-6));
        assertTrue(embGrad.allClose(emb.weight().grad(), 1e-4, 1e-5));
        assertTrue(ihGrad.allClose(lstm.namedParameters().get("weight_ih_l0_reverse").grad(), 1e-4, 1e-5));
        assertEquals(0.0, embGrad.select(0, 0).abs().sum().item(), "the padding row gets no gradient");
    }

    @Test
    void fusedFloatOpsMatchTheDoubleReferenceOnBatchesSplitOverThreads() {
        // 17 rows (two row blocks on two cores), hidden 20 (a full vector and a tail), one padded sequence.
        Generator g = new Generator(8);
        int b = 17;
        int t = 6;
        int h = 20;
        Tensor mask = Tensor.ones(b, t);
        mask.select(0, 3).narrow(0, 2, 4).zeroInPlace();
        for (int gates : new int[] {4, 3}) {
            Tensor[] in64 = {Tensor.randn(g, b, t, gates * h).to(DType.FLOAT64), Tensor.randn(g, gates * h, h).mul(0.3)
                    .to(DType.FLOAT64), Tensor.randn(g, gates * h).to(DType.FLOAT64), Tensor.randn(g, b, h).to(DType.FLOAT64),
                    Tensor.randn(g, b, h).to(DType.FLOAT64)};
            Tensor[] in32 = new Tensor[in64.length];
            for (int i = 0; i < in64.length; i++) {
                in64[i].requiresGrad(true);
                in32[i] = in64[i].detach().to(DType.FLOAT32).requiresGrad(true);
            }
            java.util.function.Function<Tensor[], Tensor> op = x -> gates == 4
                    ? dev.dendrite.ops.Recurrent.lstm(x[0], x[1], x[3], x[4], mask.to(x[0].dtype()))
                    : dev.dendrite.ops.Recurrent.gru(x[0], x[1], x[2], x[3], mask.to(x[0].dtype()));
            Tensor y64 = op.apply(in64);
            Tensor y32 = op.apply(in32);
            assertTrue(y32.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-5), "outputs, gates " + gates);
            Tensor cot = Tensor.randn(g, y64.dims()).to(DType.FLOAT64);
            y64.backward(cot);
            y32.backward(cot.to(DType.FLOAT32));
            for (int i = 0; i < in64.length; i++) {
                if (in64[i].grad() != null) {
                    assertTrue(in32[i].grad().to(DType.FLOAT64).allClose(in64[i].grad(), 1e-3, 1e-4),
                            "gradient of input " + i + ", gates " + gates);
                }
            }
        }
    }

    /** Copies the layer's l0 parameters into a cell (PyTorch's cell names lack the _l0 suffix). */
    private static void copyToCell(Module layer, Module cell) {
        try (var _ = Grad.disabled()) {
            cell.namedParameters().forEach((name, p) -> p.copyFrom(layer.namedParameters().get(name + "_l0")));
        }
    }

    @Test
    void cellsStepLikeTheirLayersAndPassTheGradientCheck() {
        Generator g = new Generator(12);
        Tensor x = Tensor.randn(g, 3, 4, 5); // (B, T, input)
        Lstm lstm = new Lstm(5, 6, RecurrentOptions.BATCH_FIRST, g);
        LstmCell lstmCell = new LstmCell(5, 6, g);
        copyToCell(lstm, lstmCell);
        Gru gru = new Gru(5, 6, RecurrentOptions.BATCH_FIRST, g);
        GruCell gruCell = new GruCell(5, 6, g);
        copyToCell(gru, gruCell);
        ElmanRnn rnn = new ElmanRnn(5, 6, false, RecurrentOptions.BATCH_FIRST, g);
        RnnCell rnnCell = new RnnCell(5, 6, false, g);
        copyToCell(rnn, rnnCell);
        LstmCell.State s = new LstmCell.State(null, null);
        Tensor hg = null;
        Tensor hr = null;
        for (int t = 0; t < 4; t++) {
            s = lstmCell.forward(x.select(1, t), s.h(), s.c());
            hg = gruCell.forward(x.select(1, t), hg);
            hr = rnnCell.forward(x.select(1, t), hr);
            assertTrue(s.h().allClose(lstm.forward(x, null, null).output().select(1, t), 1e-5, 1e-6), "lstm step " + t);
            assertTrue(hg.allClose(gru.forward(x, null).output().select(1, t), 1e-5, 1e-6), "gru step " + t);
            assertTrue(hr.allClose(rnn.forward(x, null).output().select(1, t), 1e-5, 1e-6), "rnn step " + t);
        }
        assertTrue(s.c().allClose(lstm.forward(x, null, null).cN().select(0, 0), 1e-5, 1e-6));
        Tensor x64 = x.select(1, 0).to(DType.FLOAT64);
        Tensor h64 = Tensor.randn(g, 3, 6).to(DType.FLOAT64);
        Tensor c64 = Tensor.randn(g, 3, 6).to(DType.FLOAT64);
        assertNull(dev.dendrite.autograd.GradCheck.check(in -> {
            LstmCell.State o = lstmCell.forward(in.get(0), in.get(1), in.get(2));
            return o.h().add(o.c().mul(0.5));
        }, java.util.List.of(x64, h64, c64), 13));
        assertNull(dev.dendrite.autograd.GradCheck.check(in -> gruCell.forward(in.get(0), in.get(1)),
                java.util.List.of(x64, h64), 14));
        var wrong = assertThrows(ShapeException.class, () -> gruCell.forward(Tensor.zeros(3, 4), null));
        assertEquals("GruCell: expected input (B, 5), got (3, 4)", wrong.getMessage());
    }

    @Test
    void interLayerDropoutActsOnlyInTraining() {
        Gru gru = new Gru(3, 8, RecurrentOptions.BATCH_FIRST.withLayers(2).withDropout(0.5), new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), 2, 6, 3);
        Tensor a = gru.forward(x, null).output();
        Tensor b = gru.forward(x, null).output();
        assertTrue(!a.allClose(b, 0, 1e-6), "training: a fresh dropout mask each call");
        gru.eval();
        assertTrue(gru.forward(x, null).output().allClose(gru.forward(x, null).output(), 0, 0), "eval: deterministic");
    }

    @Test
    void jordanRnnFeedsItsOutputBackAndHasCorrectGradients() {
        JordanRnn jordan = new JordanRnn(3, 5, 2, new Generator(4));
        Tensor x = Tensor.randn(new Generator(5), 2, 4, 3).to(DType.FLOAT64);
        assertNull(dev.dendrite.autograd.GradCheck.check(in -> jordan.forward(in.get(0), in.get(1)).output(),
                java.util.List.of(x, Tensor.normal(new Generator(6), 0, 1, DType.FLOAT64, 1, 2, 2)), 7));
        // Changing the first step's input changes later outputs only through the fed-back output.
        Tensor changed = x.detach().clone();
        changed.narrow(1, 0, 1).fillInPlace(3);
        Tensor later = jordan.forward(x, null).output().narrow(1, 1, 3);
        Tensor laterChanged = jordan.forward(changed, null).output().narrow(1, 1, 3);
        assertTrue(!later.allClose(laterChanged, 0, 1e-9), "the output is fed back");
        try (var _ = Grad.disabled()) {
            jordan.weightYh().zeroInPlace();
        }
        assertTrue(jordan.forward(x, null).output().narrow(1, 1, 3)
                .allClose(jordan.forward(changed, null).output().narrow(1, 1, 3), 0, 1e-12), "no feedback, no memory");
    }

    @Test
    void embeddingMatchesTorchIncludingThePaddingRow() {
        Embedding emb = new Embedding(6, 3, 0, 0, new Generator(0));
        assertEquals(0.0, emb.weight().narrow(0, 0, 1).abs().sum().item(), "padding row starts at zero");
        try (var _ = Grad.disabled()) {
            emb.weight().copyFrom(get("emb.weight"));
        }
        Tensor out = emb.forward(get("emb.ids").to(DType.INT64));
        close("output", out, "emb.out");
        out.backward(get("emb.cot").to(DType.FLOAT32));
        close("weight gradient (rows summed over repeats, none for padding)", emb.weight().grad(), "emb.grad");
    }

    @Test
    void maxNormRescalesLookedUpRows() {
        Embedding emb = new Embedding(4, 5, -1, 1.0, new Generator(2));
        Tensor ids = Tensor.fromArray(new long[] {2, 3});
        emb.forward(ids);
        for (int row : new int[] {2, 3}) {
            Tensor r = emb.weight().detach().narrow(0, row, 1);
            assertTrue(Math.sqrt(r.mul(r).sum().item()) <= 1.0 + 1e-5);
        }
    }
}

// The op catalog: one or more rows per public op. It drives the float64 gradient checks and the float32
// fast-vs-float64 reference checks in OpCatalogTest; OpCatalogTest also fails when a public op has no row.
package dev.dendrite.ops;

import dev.dendrite.ops.OpCase.Domain;
import dev.dendrite.ops.OpCase.Tolerance;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.dendrite.ops.OpCase.Domain.AWAY_FROM_ZERO;
import static dev.dendrite.ops.OpCase.Domain.NORMAL;
import static dev.dendrite.ops.OpCase.Domain.POSITIVE;
import static dev.dendrite.ops.OpCase.Domain.UNIT;

public final class OpCatalog {
    private OpCatalog() {}

    private static final List<OpCase> ROWS = new ArrayList<>();

    public static List<OpCase> rows() {
        return ROWS;
    }

    private static int[][] s(int[]... shapes) {
        return shapes;
    }

    private static int[] d(int... dims) {
        return dims;
    }

    private static Domain[] all(Domain domain, int n) {
        Domain[] out = new Domain[n];
        java.util.Arrays.fill(out, domain);
        return out;
    }

    private static void row(String name, String variant, int[][] shapes, Domain domain, Function<List<Tensor>, Tensor> fn) {
        ROWS.add(new OpCase(name, variant, fn, shapes, all(domain, shapes.length), true, Tolerance.ELEMENTWISE));
    }

    private static void sumRow(String name, String variant, int[][] shapes, Domain domain, Function<List<Tensor>, Tensor> fn) {
        ROWS.add(new OpCase(name, variant, fn, shapes, all(domain, shapes.length), true, Tolerance.LONG_SUM));
    }

    private static void noGrad(String name, String variant, int[][] shapes, Domain domain, Function<List<Tensor>, Tensor> fn) {
        ROWS.add(new OpCase(name, variant, fn, shapes, all(domain, shapes.length), false, Tolerance.ELEMENTWISE));
    }

    /** A (batch, steps) mask with the first lengths[b] steps of row b real (1) and the rest padding (0). */
    private static Tensor stepMask(int batch, int steps, int... lengths) {
        double[] m = new double[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) m[b * steps + t] = 1;
        }
        return Tensor.fromArray(m, batch, steps);
    }

    /** (B, T, 12) as (B, 3 heads, T, 4): the view MultiheadAttention reads its projections through. */
    private static Tensor heads(Tensor x) {
        return x.reshape(x.size(0), x.size(1), 3, 4).transpose(1, 2);
    }

    /**
     * An additive (B, 1, 1, 6) mask of x's dtype: key 5 of batch 0 and keys 3..5 of batch 1 padded (-inf), and a
     * bias of 0.5 on key 0 everywhere.
     */
    private static Tensor keyPadding(Tensor x) {
        double inf = Double.NEGATIVE_INFINITY;
        return Tensor.fromArray(new double[] {0.5, 0, 0, 0, 0, inf, 0.5, 0, 0, inf, inf, inf}, 2, 1, 1, 6).to(x.dtype());
    }

    /** An additive (B = 2, 1, 1, 5) key-padding mask of x's dtype: the last two keys of batch 1 are padding. */
    private static Tensor keyPadding5(Tensor x) {
        double inf = Double.NEGATIVE_INFINITY;
        return Tensor.fromArray(new double[] {0, 0, 0, 0, 0, 0, 0, 0, inf, inf}, 2, 1, 1, 5).to(x.dtype());
    }

    /** A fixed INT64 index tensor. */
    private static Tensor idx(long[] values, int... dims) {
        return Tensor.fromArray(values, dims);
    }

    static {
        // arithmetic with broadcasting
        row("add", "same shape", s(d(3, 4), d(3, 4)), NORMAL, x -> x.get(0).add(x.get(1)));
        row("add", "broadcast both", s(d(2, 1, 4), d(3, 1)), NORMAL, x -> x.get(0).add(x.get(1)));
        row("add", "bias rows", s(d(5, 20), d(20)), NORMAL, x -> x.get(0).add(x.get(1)));
        row("add", "scalar", s(d(3, 4)), NORMAL, x -> x.get(0).add(2.5));
        row("sub", "broadcast", s(d(3, 1), d(1, 4)), NORMAL, x -> x.get(0).sub(x.get(1)));
        row("sub", "scalar", s(d(4)), NORMAL, x -> x.get(0).sub(1.5));
        row("mul", "broadcast", s(d(2, 3, 4), d(3, 1)), NORMAL, x -> x.get(0).mul(x.get(1)));
        row("mul", "scalar", s(d(3, 4)), NORMAL, x -> x.get(0).mul(-3));
        ROWS.add(new OpCase("div", "broadcast", x -> x.get(0).div(x.get(1)), s(d(3, 4), d(4)),
                new Domain[] {NORMAL, POSITIVE}, true, Tolerance.ELEMENTWISE));
        row("div", "scalar", s(d(3, 4)), NORMAL, x -> x.get(0).div(4));
        ROWS.add(new OpCase("pow", "tensor exponent", x -> x.get(0).pow(x.get(1)), s(d(3, 4), d(3, 4)),
                new Domain[] {POSITIVE, NORMAL}, true, Tolerance.ELEMENTWISE));
        row("pow", "cube", s(d(3, 4)), NORMAL, x -> x.get(0).pow(3));
        row("pow", "square root", s(d(3, 4)), POSITIVE, x -> x.get(0).pow(0.5));
        row("minimum", "broadcast", s(d(3, 4), d(4)), NORMAL, x -> x.get(0).minimum(x.get(1)));
        row("maximum", "same shape", s(d(3, 4), d(3, 4)), NORMAL, x -> x.get(0).maximum(x.get(1)));
        row("neg", "", s(d(3, 4)), NORMAL, x -> x.get(0).neg());
        row("exp", "", s(d(3, 4)), UNIT, x -> x.get(0).exp());
        row("log", "", s(d(3, 4)), POSITIVE, x -> x.get(0).log());
        row("sqrt", "", s(d(3, 4)), POSITIVE, x -> x.get(0).sqrt());
        row("rsqrt", "", s(d(3, 4)), POSITIVE, x -> x.get(0).rsqrt());
        row("abs", "", s(d(3, 4)), AWAY_FROM_ZERO, x -> x.get(0).abs());
        row("sign", "", s(d(3, 4)), AWAY_FROM_ZERO, x -> x.get(0).sign());
        row("clamp", "", s(d(4, 5)), NORMAL, x -> x.get(0).clamp(-0.5, 0.7));
        row("where", "broadcast", s(d(3, 4), d(4)), NORMAL,
                x -> Tensor.where(x.get(0).gt(0), x.get(0), x.get(1)));
        row("maskedFill", "broadcast mask", s(d(3, 4)), NORMAL,
                x -> x.get(0).maskedFill(Tensor.fromArray(new double[] {1, 0, 0, 1}, 4).to(x.get(0).dtype()), -2));
        // comparisons (no gradient)
        noGrad("eq", "", s(d(3, 4), d(3, 4)), NORMAL, x -> x.get(0).eq(x.get(0).mul(x.get(1).gt(0))));
        noGrad("ne", "", s(d(3, 4), d(4)), NORMAL, x -> x.get(0).ne(x.get(1)));
        noGrad("lt", "", s(d(3, 4), d(4)), NORMAL, x -> x.get(0).lt(x.get(1)));
        noGrad("le", "", s(d(3, 4), d(3, 1)), NORMAL, x -> x.get(0).le(x.get(1)));
        noGrad("gt", "", s(d(3, 4), d(3, 4)), NORMAL, x -> x.get(0).gt(x.get(1)));
        noGrad("ge", "", s(d(20, 4), d(20, 4)), NORMAL, x -> x.get(0).ge(x.get(1)));
        // activations
        row("step", "", s(d(3, 4)), AWAY_FROM_ZERO, x -> x.get(0).step());
        row("sigmoid", "", s(d(3, 40)), NORMAL, x -> x.get(0).mul(3).sigmoid());
        row("tanh", "", s(d(3, 40)), NORMAL, x -> x.get(0).tanh());
        row("relu", "", s(d(3, 40)), AWAY_FROM_ZERO, x -> x.get(0).relu());
        row("leakyRelu", "", s(d(3, 40)), AWAY_FROM_ZERO, x -> x.get(0).leakyRelu(0.1));
        row("elu", "", s(d(3, 40)), AWAY_FROM_ZERO, x -> x.get(0).elu(1.5));
        row("gelu", "", s(d(3, 40)), NORMAL, x -> x.get(0).mul(2).gelu());
        row("softplus", "wide range", s(d(3, 40)), NORMAL, x -> x.get(0).mul(12).softplus());
        row("softmax", "last dim", s(d(3, 5)), NORMAL, x -> x.get(0).softmax(-1));
        row("softmax", "middle dim", s(d(2, 3, 4)), NORMAL, x -> x.get(0).softmax(1));
        row("logSoftmax", "last dim", s(d(4, 37)), NORMAL, x -> x.get(0).logSoftmax(1));
        row("logSoftmax", "first dim", s(d(3, 4)), NORMAL, x -> x.get(0).logSoftmax(0));
        // reductions
        sumRow("sum", "all", s(d(3, 4)), NORMAL, x -> x.get(0).sum());
        sumRow("sum", "dim 1 keepdim", s(d(3, 4, 2)), NORMAL, x -> x.get(0).sum(new int[] {1}, true));
        sumRow("sum", "dims 0 and 2", s(d(3, 4, 5)), NORMAL, x -> x.get(0).sum(new int[] {0, 2}, false));
        sumRow("sum", "a bias gradient's dims 0, 2, 3, keepdim", s(d(3, 4, 5, 6)), NORMAL,
                x -> x.get(0).sum(new int[] {0, 2, 3}, true));
        sumRow("sum", "leading dim, wide", s(d(7, 70)), NORMAL, x -> x.get(0).sum(0));
        sumRow("mean", "all", s(d(3, 4)), NORMAL, x -> x.get(0).mean());
        sumRow("mean", "dim -1", s(d(3, 4)), NORMAL, x -> x.get(0).mean(-1));
        sumRow("mean", "dims 0 and 1 keepdim", s(d(3, 4, 2)), NORMAL, x -> x.get(0).mean(new int[] {0, 1}, true));
        sumRow("max", "all", s(d(3, 4)), NORMAL, x -> x.get(0).max());
        sumRow("max", "dim 1", s(d(3, 40)), NORMAL, x -> x.get(0).max(new int[] {1}, false));
        sumRow("max", "tied maxima share the gradient", s(d(3, 4)), NORMAL, x -> x.get(0).clamp(-10, 0.3).max(new int[] {0}, true));
        sumRow("min", "all", s(d(3, 4)), NORMAL, x -> x.get(0).min());
        sumRow("min", "dims 0 and 2", s(d(3, 4, 5)), NORMAL, x -> x.get(0).min(new int[] {0, 2}, true));
        noGrad("argmax", "dim 1", s(d(3, 40)), NORMAL, x -> x.get(0).argmax(1, false).to(x.get(0).dtype()));
        noGrad("argmax", "flattened", s(d(3, 4)), NORMAL, x -> x.get(0).argmax().to(x.get(0).dtype()));
        noGrad("argmin", "dim 0 keepdim", s(d(3, 4)), NORMAL, x -> x.get(0).argmin(0, true).to(x.get(0).dtype()));
        noGrad("argmin", "flattened", s(d(5, 4)), NORMAL, x -> x.get(0).argmin().to(x.get(0).dtype()));
        sumRow("var", "dim 1 keepdim", s(d(3, 6)), NORMAL, x -> x.get(0).var(new int[] {1}, true));
        sumRow("var", "dims 0 and 2, population", s(d(3, 4, 5)), NORMAL, x -> x.get(0).var(new int[] {0, 2}, 0, false));
        sumRow("std", "dim 0", s(d(5, 3)), NORMAL, x -> x.get(0).std(new int[] {0}, false));
        sumRow("std", "all with correction 2", s(d(5, 3)), NORMAL, x -> x.get(0).std(new int[] {0, 1}, 2, false));
        sumRow("logsumexp", "dim 1", s(d(3, 5)), NORMAL, x -> x.get(0).mul(10).logsumexp(new int[] {1}, false));
        sumRow("logsumexp", "all keepdim", s(d(3, 5)), NORMAL, x -> x.get(0).logsumexp(new int[] {0, 1}, true));
        // linear algebra
        sumRow("matmul", "2-d", s(d(3, 4), d(4, 5)), NORMAL, x -> x.get(0).matmul(x.get(1)));
        sumRow("matmul", "dot", s(d(4), d(4)), NORMAL, x -> x.get(0).matmul(x.get(1)));
        sumRow("matmul", "vector-matrix", s(d(4), d(4, 3)), NORMAL, x -> x.get(0).matmul(x.get(1)));
        sumRow("matmul", "matrix-vector", s(d(3, 4), d(4)), NORMAL, x -> x.get(0).matmul(x.get(1)));
        sumRow("matmul", "batched broadcast", s(d(2, 1, 3, 4), d(3, 4, 5)), NORMAL, x -> x.get(0).matmul(x.get(1)));
        sumRow("matmul", "transposed left", s(d(4, 3), d(4, 5)), NORMAL, x -> x.get(0).t().matmul(x.get(1)));
        sumRow("matmul", "odd sizes past one tile", s(d(13, 37), d(37, 35)), NORMAL, x -> x.get(0).matmul(x.get(1)));
        sumRow("linear", "with bias", s(d(2, 3, 4), d(5, 4), d(5)), NORMAL, x -> MatMul.linear(x.get(0), x.get(1), x.get(2)));
        sumRow("linear", "no bias", s(d(3, 4), d(5, 4)), NORMAL, x -> MatMul.linear(x.get(0), x.get(1), null));
        // views and copies
        row("view", "", s(d(2, 6)), NORMAL, x -> x.get(0).view(3, -1).mul(x.get(0).view(3, 4)));
        row("reshape", "non-contiguous input", s(d(3, 4)), NORMAL, x -> x.get(0).t().reshape(2, 6));
        row("transpose", "", s(d(2, 3, 4)), NORMAL, x -> x.get(0).transpose(0, 2));
        row("t", "", s(d(3, 4)), NORMAL, x -> x.get(0).t());
        row("permute", "", s(d(2, 3, 4)), NORMAL, x -> x.get(0).permute(2, 0, 1));
        row("narrow", "", s(d(4, 5)), NORMAL, x -> x.get(0).narrow(1, 1, 3));
        row("slice", "step 2", s(d(4, 7)), NORMAL, x -> x.get(0).slice(1, 1, 7, 2));
        row("select", "", s(d(4, 5)), NORMAL, x -> x.get(0).select(0, -1));
        row("expand", "", s(d(3, 1)), NORMAL, x -> x.get(0).expand(2, 3, 4));
        row("squeeze", "all", s(d(3, 1, 4, 1)), NORMAL, x -> x.get(0).squeeze());
        row("squeeze", "one dim", s(d(3, 1, 4)), NORMAL, x -> x.get(0).squeeze(1));
        row("unsqueeze", "", s(d(3, 4)), NORMAL, x -> x.get(0).unsqueeze(-1));
        row("flatten", "all", s(d(2, 3, 4)), NORMAL, x -> x.get(0).flatten());
        row("flatten", "dims 1..2", s(d(2, 3, 4)), NORMAL, x -> x.get(0).flatten(1, 2));
        row("contiguous", "of a transpose", s(d(3, 4)), NORMAL, x -> x.get(0).t().contiguous());
        row("clone", "", s(d(3, 4)), NORMAL, x -> x.get(0).clone().mul(x.get(0)));
        ROWS.add(new OpCase("to", "float32 round trip", x -> x.get(0).to(DType.FLOAT32).to(DType.FLOAT64).mul(1),
                s(d(3, 4)), new Domain[] {NORMAL}, false, Tolerance.ELEMENTWISE));
        // joining and indexing
        row("cat", "dim 0", s(d(2, 3), d(4, 3)), NORMAL, x -> Tensor.cat(List.of(x.get(0), x.get(1)), 0));
        row("cat", "dim 1 of three", s(d(2, 3), d(2, 1), d(2, 2)), NORMAL, x -> Tensor.cat(List.of(x.get(0), x.get(1), x.get(2)), -1));
        row("stack", "", s(d(2, 3), d(2, 3)), NORMAL, x -> Tensor.stack(List.of(x.get(0), x.get(1)), 1));
        row("split", "", s(d(5, 3)), NORMAL, x -> x.get(0).split(2, 0).get(2));
        row("chunk", "", s(d(3, 7)), NORMAL, x -> x.get(0).chunk(3, 1).get(1));
        row("gather", "dim 1", s(d(3, 4)), NORMAL, x -> x.get(0).gather(1, idx(new long[] {3, 0, 1, 1, 2, 3}, 3, 2)));
        row("scatterAdd", "duplicates accumulate", s(d(3, 4), d(2, 4)), NORMAL,
                x -> x.get(0).scatterAdd(0, idx(new long[] {0, 2, 0, 1, 0, 2, 1, 1}, 2, 4), x.get(1)));
        row("indexSelect", "repeated rows", s(d(4, 3)), NORMAL, x -> x.get(0).indexSelect(0, idx(new long[] {2, 0, 2}, 3)));
        row("indexSelect", "dim 1", s(d(2, 4, 3)), NORMAL, x -> x.get(0).indexSelect(1, idx(new long[] {3, 1}, 2)));
        // row 0 is padding: read as it is but given no gradient (PyTorch's padding_idx), so the check feeds it a
        // table whose row 0 is a constant, as Embedding keeps it
        row("embedding", "dense, padding row 0", s(d(4, 3)), NORMAL,
                x -> Index.embedding(x.get(0).mul(Tensor.fromArray(new double[] {0, 1, 1, 1}, 4, 1).to(x.get(0).dtype()))
                        .add(Tensor.fromArray(new double[] {0.5, 0, 0, 0}, 4, 1).to(x.get(0).dtype())),
                        idx(new long[] {2, 0, 1, 2, 3, 0}, 2, 3), 0, false));
        row("embedding", "row-sparse gradient, repeated rows", s(d(5, 3)), NORMAL,
                x -> Index.embedding(x.get(0), idx(new long[] {4, 1, 4, 2}, 4), -1, true));
        noGrad("oneHot", "of argmax", s(d(5, 4)), NORMAL, x -> Tensor.oneHot(x.get(0).argmax(1, false), 4).to(x.get(0).dtype()));
        row("pad", "two dims", s(d(2, 3)), NORMAL, x -> x.get(0).pad(new int[] {1, 2, 0, 1}, 0.5));
        // convolution and pooling
        row("tapSum", "kernel 3 over 5 steps", s(d(2, 5, 6)), NORMAL, x -> Conv.tapSum(x.get(0), 3));
        sumRow("unfold", "stride 2, padding 1, dilation 2", s(d(2, 2, 5, 6)), NORMAL,
                x -> Conv.unfold(x.get(0), new int[] {2, 3}, new int[] {2, 1}, new int[] {2, 1}, Padding.of(1, 2), false, 0));
        sumRow("conv2d", "stride 1, explicit padding, bias", s(d(2, 3, 6, 5), d(4, 3, 3, 3), d(4)), NORMAL,
                x -> Conv.conv2d(x.get(0), x.get(1), x.get(2), new int[] {1, 1}, Padding.of(1, 1), new int[] {1, 1}, 1));
        sumRow("conv2d", "SAME, stride 2, dilation 2, groups 2", s(d(1, 4, 7, 6), d(6, 2, 3, 2)), NORMAL,
                x -> Conv.conv2d(x.get(0), x.get(1), null, new int[] {2, 2}, Padding.SAME, new int[] {2, 2}, 2));
        sumRow("conv2d", "VALID, stride (2, 1)", s(d(2, 1, 7, 7), d(2, 1, 3, 3)), NORMAL,
                x -> Conv.conv2d(x.get(0), x.get(1), null, new int[] {2, 1}, Padding.VALID, new int[] {1, 1}, 1));
        sumRow("convTranspose2d", "stride 2, padding 1, output padding 1, bias", s(d(2, 3, 3, 4), d(3, 2, 3, 3), d(2)),
                NORMAL, x -> ConvTranspose.convTranspose2d(x.get(0), x.get(1), x.get(2), new int[] {2, 2},
                        new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1));
        sumRow("convTranspose2d", "stride (3, 2) > kernel 2, dilation (1, 2), groups 2", s(d(1, 4, 3, 2), d(4, 1, 2, 3)),
                NORMAL, x -> ConvTranspose.convTranspose2d(x.get(0), x.get(1), null, new int[] {3, 2}, new int[] {0, 1},
                        new int[] {2, 1}, new int[] {1, 2}, 2));
        sumRow("interpolate", "bilinear up, half-pixel centres", s(d(2, 2, 3, 4)), NORMAL,
                x -> dev.dendrite.nn.Interpolation.interpolate(x.get(0), 5, 7, "bilinear", false));
        sumRow("interpolate", "bilinear down, aligned corners", s(d(1, 2, 5, 6)), NORMAL,
                x -> dev.dendrite.nn.Interpolation.interpolate(x.get(0), 3, 4, "bilinear", true));
        sumRow("interpolate", "nearest up", s(d(1, 2, 3, 2)), NORMAL,
                x -> dev.dendrite.nn.Interpolation.interpolate(x.get(0), 6, 5, "nearest", false));
        sumRow("conv1d", "SAME, stride 3", s(d(2, 3, 10), d(4, 3, 4), d(4)), NORMAL,
                x -> Conv.conv1d(x.get(0), x.get(1), x.get(2), 3, Padding.SAME, 1, 1));
        sumRow("maxPool2d", "overlapping 3/2, SAME", s(d(2, 2, 7, 6)), NORMAL,
                x -> Pool.maxPool2d(x.get(0), new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, false));
        sumRow("maxPool2d", "2/2, windows inside (the 2x2 path)", s(d(2, 3, 6, 9)), NORMAL,
                x -> Pool.maxPool2d(x.get(0), new int[] {2, 2}, new int[] {2, 2}, Padding.of(0, 0), false));
        sumRow("maxPool2d", "2/2 ceil mode", s(d(1, 3, 5, 5)), NORMAL,
                x -> Pool.maxPool2d(x.get(0), new int[] {2, 2}, new int[] {2, 2}, Padding.of(0, 0), true));
        sumRow("avgPool2d", "explicit padding counts", s(d(2, 2, 6, 5)), NORMAL,
                x -> Pool.avgPool2d(x.get(0), new int[] {3, 2}, new int[] {2, 2}, Padding.of(1, 1), false));
        sumRow("avgPool2d", "SAME excludes padding", s(d(1, 2, 5, 5)), NORMAL,
                x -> Pool.avgPool2d(x.get(0), new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, false));
        sumRow("crossEntropy", "weighted rows, one ignored", s(d(4, 5)), NORMAL,
                x -> Softmax.crossEntropy(x.get(0), new long[] {1, 4, 0, 2}, new double[] {1, 0.5, 0, 2}));
        // layer normalisation over the last one or two dims, with and without affine parameters
        sumRow("layerNorm", "last dim, affine", s(d(4, 6), d(6), d(6)), NORMAL,
                x -> Normalization.layerNorm(x.get(0), 1, x.get(1), x.get(2), 1e-5));
        sumRow("layerNorm", "weight only, 37 wide rows", s(d(3, 37), d(37)), NORMAL,
                x -> Normalization.layerNorm(x.get(0).reshape(3, 1, 37), 1, x.get(1), null, 1e-5));
        sumRow("layerNorm", "130 rows: several backward chunks", s(d(130, 5), d(5), d(5)), NORMAL,
                x -> Normalization.layerNorm(x.get(0), 1, x.get(1), x.get(2), 1e-5));
        sumRow("layerNorm", "two dims, no affine", s(d(2, 3, 4, 5)), NORMAL,
                x -> Normalization.layerNorm(x.get(0).transpose(0, 1), 2, null, null, 1e-5));
        row("triu", "above the diagonal, batched", s(d(2, 3, 4)), NORMAL, x -> x.get(0).triu(1));
        row("tril", "with the first subdiagonal", s(d(4, 3)), NORMAL, x -> x.get(0).tril(-1));
        row("triangle", "upper, wide", s(d(3, 5)), NORMAL, x -> Index.triangle(x.get(0), 0, true));
        row("dropout", "p 0.4, 70 elements", s(d(7, 10)), NORMAL, x -> Stochastic.dropout(x.get(0), 0.4, 42));
        row("dropout", "transposed input", s(d(5, 6)), NORMAL, x -> Stochastic.dropout(x.get(0).t(), 0.5, -7));
        // fused scaled dot-product attention: q (..., T, E), k (..., S, E), v (..., S, Ev)
        sumRow("scaledDotProduct", "B2 H3 T4 S5", s(d(2, 3, 4, 6), d(2, 3, 5, 6), d(2, 3, 5, 7)), NORMAL,
                x -> Attention.scaledDotProduct(x.get(0), x.get(1), x.get(2), null, false, 0, null));
        sumRow("scaledDotProduct", "causal, heads split from a projection", s(d(2, 5, 12), d(2, 5, 12), d(2, 5, 12)),
                NORMAL, x -> Attention.scaledDotProduct(heads(x.get(0)), heads(x.get(1)), heads(x.get(2)), null, true,
                        0, null));
        sumRow("scaledDotProduct", "key padding and additive mask", s(d(2, 2, 3, 4), d(2, 2, 6, 4), d(2, 2, 6, 3)),
                NORMAL, x -> Attention.scaledDotProduct(x.get(0), x.get(1), x.get(2), keyPadding(x.get(0)), false, 0,
                        null));
        sumRow("scaledDotProduct", "dropout 0.3", s(d(3, 4, 5), d(3, 6, 5), d(3, 6, 2)), NORMAL,
                x -> Attention.scaledDotProduct(x.get(0), x.get(1), x.get(2), null, false, 0.3, new Generator(5)));
        sumRow("multiHead", "batch-first, 3 heads, key padding", s(d(2, 4, 6), d(2, 5, 6), d(2, 5, 9)), NORMAL,
                x -> Attention.multiHead(x.get(0), x.get(1), x.get(2), 3, true, keyPadding5(x.get(0)), false, 0, null,
                        0.5).output());
        sumRow("multiHead", "time-first, causal, strided input", s(d(4, 2, 8), d(3, 2, 4), d(3, 2, 4)), NORMAL,
                x -> Attention.multiHead(x.get(0).narrow(2, 2, 4), x.get(1), x.get(2), 2, false, null, true, 0, null,
                        0.7).output());
        sumRow("multiHeadPacked", "time-first, 2 heads, causal", s(d(3, 2, 12)), NORMAL,
                x -> Attention.multiHeadPacked(x.get(0), 2, false, null, true, 0, null, 0.5).output());
        sumRow("multiHeadPacked", "batch-first, dropout", s(d(2, 3, 6)), NORMAL,
                x -> Attention.multiHeadPacked(x.get(0), 1, true, null, false, 0.25, new Generator(3), 0.5).output());
        // fused recurrent layers: xProj (B, T, G*H), weight_hh (G*H, H), states (B, H); masks mark padded steps
        sumRow("lstm", "B2 T4 H3", s(d(2, 4, 12), d(12, 3), d(2, 3), d(2, 3)), NORMAL,
                x -> Recurrent.lstm(x.get(0), x.get(1), x.get(2), x.get(3), null));
        sumRow("lstm", "padded steps", s(d(3, 4, 8), d(8, 2), d(3, 2), d(3, 2)), NORMAL,
                x -> Recurrent.lstm(x.get(0), x.get(1), x.get(2), x.get(3), stepMask(3, 4, 4, 2, 1)));
        sumRow("rnn", "tanh B2 T4 H3", s(d(2, 4, 3), d(3, 3), d(2, 3)), NORMAL,
                x -> Recurrent.rnn(x.get(0), x.get(1), x.get(2), null, false));
        sumRow("rnn", "relu, padded steps", s(d(3, 4, 3), d(3, 3), d(3, 3)), NORMAL,
                x -> Recurrent.rnn(x.get(0), x.get(1), x.get(2), stepMask(3, 4, 4, 2, 1), true));
        sumRow("gru", "B2 T4 H3", s(d(2, 4, 9), d(9, 3), d(9), d(2, 3)), NORMAL,
                x -> Recurrent.gru(x.get(0), x.get(1), x.get(2), x.get(3), null));
        sumRow("gru", "padded steps", s(d(3, 4, 6), d(6, 2), d(6), d(3, 2)), NORMAL,
                x -> Recurrent.gru(x.get(0), x.get(1), x.get(2), x.get(3), stepMask(3, 4, 4, 2, 1)));
        sumRow("maxPool1d", "overlapping 3/2, SAME", s(d(2, 3, 9)), NORMAL,
                x -> Pool.maxPool1d(x.get(0), 3, 2, Padding.SAME, false));
        sumRow("avgPool1d", "explicit padding, ceil mode", s(d(2, 2, 8)), NORMAL,
                x -> Pool.avgPool1d(x.get(0), 3, 2, Padding.of(1), true));
        sumRow("adaptiveAvgPool2d", "overlapping bins", s(d(2, 2, 7, 5)), NORMAL,
                x -> Pool.adaptiveAvgPool2d(x.get(0), 3, 2));
        sumRow("adaptiveAvgPool2d", "equal bins", s(d(1, 2, 6, 4)), NORMAL,
                x -> Pool.adaptiveAvgPool2d(x.get(0), 3, 2));
        sumRow("adaptiveMaxPool2d", "overlapping bins", s(d(2, 2, 7, 5)), NORMAL,
                x -> Pool.adaptiveMaxPool2d(x.get(0), 3, 2));
        sumRow("adaptiveMaxPool2d", "global", s(d(2, 3, 4, 5)), NORMAL,
                x -> Pool.adaptiveMaxPool2d(x.get(0), 1, 1));
    }
}

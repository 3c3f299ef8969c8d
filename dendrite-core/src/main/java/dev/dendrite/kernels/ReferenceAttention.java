package dev.dendrite.kernels;

/**
 * Reference scaled dot-product attention in double precision, one head, row and element at a time: the formulas
 * {@link FastAttention} implements with GEMMs. Weights P = softmax(scale Q K^T + mask) with keys after the query
 * removed when causal; a row whose keys are all masked gets zero weights. Output O = D(P) V, where D applies
 * dropout (keep with probability 1 - p, scale by 1 / (1 - p)) by
 * {@link DropoutMask}'s hash of each weight's index.
 */
public final class ReferenceAttention {
    private ReferenceAttention() {}

    public static void forward(AttentionShape a, double[] q, AttentionShape.Operand ql, double[] k,
                               AttentionShape.Operand kl, double[] v, AttentionShape.Operand vl, double[] mask,
                               AttentionShape.Operand ml, double scale, boolean causal, double dropout, long seed,
                               double[] out, AttentionShape.Operand ol, double[] probs) {
        int t = a.queries();
        int s = a.keys();
        for (int n = 0; n < a.heads(); n++) {
            for (int i = 0; i < t; i++) {
                int row = (n * t + i) * s;
                int len = causal ? Math.min(s, i + 1) : s;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    double dot = 0;
                    for (int e = 0; e < a.dim(); e++) dot += q[ql.at(n, i, e)] * k[kl.at(n, j, e)];
                    double x = dot * scale + (mask == null ? 0 : mask[ml.at(n, i, j)]);
                    probs[row + j] = x;
                    max = Math.max(max, x);
                }
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    double p = j < len && max != Double.NEGATIVE_INFINITY ? Math.exp(probs[row + j] - max) : 0;
                    probs[row + j] = p;
                    sum += p;
                }
                for (int j = 0; j < s; j++) probs[row + j] = sum == 0 ? 0 : probs[row + j] / sum;
                for (int c = 0; c < a.valueDim(); c++) {
                    double o = 0;
                    for (int j = 0; j < s; j++) o += dropped(a, probs[row + j], seed, n, i, j, dropout) * v[vl.at(n, j, c)];
                    out[ol.at(n, i, c)] = o;
                }
            }
        }
    }

    /** Gradients of the inputs (overwritten, at their operands) from dOut and the saved weights. */
    public static void backward(AttentionShape a, double[] q, AttentionShape.Operand ql, double[] k,
                                AttentionShape.Operand kl, double[] v, AttentionShape.Operand vl, double[] probs,
                                double scale, double dropout, long seed, double[] dOut, AttentionShape.Operand gl,
                                double[] dq, AttentionShape.Operand dql, double[] dk, AttentionShape.Operand dkl,
                                double[] dv, AttentionShape.Operand dvl) {
        int t = a.queries();
        int s = a.keys();
        int e = a.dim();
        int ev = a.valueDim();
        for (int n = 0; n < a.heads(); n++) {
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < e; c++) dq[dql.at(n, i, c)] = 0;
            }
            for (int j = 0; j < s; j++) {
                for (int c = 0; c < e; c++) dk[dkl.at(n, j, c)] = 0;
                for (int c = 0; c < ev; c++) dv[dvl.at(n, j, c)] = 0;
            }
        }
        double[] ds = new double[s];
        for (int n = 0; n < a.heads(); n++) {
            for (int i = 0; i < t; i++) {
                int row = (n * t + i) * s;
                double dot = 0;
                for (int j = 0; j < s; j++) {
                    double pd = dropped(a, probs[row + j], seed, n, i, j, dropout);
                    double dpd = 0;
                    for (int c = 0; c < ev; c++) {
                        dv[dvl.at(n, j, c)] += pd * dOut[gl.at(n, i, c)];
                        dpd += dOut[gl.at(n, i, c)] * v[vl.at(n, j, c)];
                    }
                    ds[j] = dropped(a, dpd, seed, n, i, j, dropout); // dP = D(dP'), the same mask and scale
                    dot += probs[row + j] * ds[j];
                }
                for (int j = 0; j < s; j++) {
                    double g = probs[row + j] * (ds[j] - dot) * scale;
                    for (int c = 0; c < e; c++) {
                        dq[dql.at(n, i, c)] += g * k[kl.at(n, j, c)];
                        dk[dkl.at(n, j, c)] += g * q[ql.at(n, i, c)];
                    }
                }
            }
        }
    }

    private static double dropped(AttentionShape a, double x, long seed, int n, int i, int j, double p) {
        if (p == 0) {
            return x;
        }
        int index = (n * a.queries() + i) * a.keys() + j;
        return DropoutMask.keeps(seed, index, p) ? x / (1 - p) : 0;
    }
}

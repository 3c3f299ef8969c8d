// Prints tensors the way PyTorch does: tensor([[1.0000, 2.5000], [3.0000, 4.0000]]) with rows on their own
// lines, one number format for the whole tensor, and "..." for the middle of dims longer than 6 once the
// tensor holds more than 1000 elements.
package dev.dendrite.tensor;

final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        double[] values = t.toDoubleArray();
        boolean summarize = values.length > THRESHOLD;
        boolean integral = t.dtype() == DType.INT64;
        boolean allWhole = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                continue;
            }
            allWhole &= v == Math.rint(v);
            maxAbs = Math.max(maxAbs, Math.abs(v));
            if (v != 0) {
                minAbs = Math.min(minAbs, Math.abs(v));
            }
        }
        boolean scientific = !integral && (maxAbs >= 1e8 || (minAbs < 1e-4 && !allWhole) || (maxAbs / minAbs > 1000 && !allWhole && minAbs < 1e-2));
        String[] cells = new String[values.length];
        int width = 1;
        for (int i = 0; i < values.length; i++) {
            cells[i] = cell(values[i], integral, allWhole && !scientific, scientific);
            width = Math.max(width, cells[i].length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        int[] dims = t.dims();
        appendDim(sb, cells, dims, 0, 0, width, summarize, "tensor(".length());
        if (t.dtype() != DType.FLOAT32) {
            sb.append(", dtype=").append(t.dtype().torchName());
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn().op()).append(">");
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    private static String cell(double v, boolean integral, boolean whole, boolean scientific) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (integral) {
            return Long.toString((long) v);
        }
        if (whole) {
            return String.format("%.0f.", v);
        }
        return scientific ? String.format("%.4e", v) : String.format("%.4f", v);
    }

    /** Appends the sub-tensor at flat position {@code base} spanning dims[d..]. */
    private static void appendDim(StringBuilder sb, String[] cells, int[] dims, int d, int base, int width,
                                  boolean summarize, int indent) {
        if (dims.length == 0) {
            sb.append(cells[0]);
            return;
        }
        int n = dims[d];
        int inner = 1;
        for (int k = d + 1; k < dims.length; k++) {
            inner *= dims[k];
        }
        sb.append('[');
        boolean cut = summarize && n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                sb.append(d == dims.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + d + 1));
                i = n - EDGE;
            }
            if (d == dims.length - 1) {
                String c = cells[base + i];
                sb.append(" ".repeat(width - c.length())).append(c);
            } else {
                appendDim(sb, cells, dims, d + 1, base + i * inner, width, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(',');
                if (d == dims.length - 1) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(dims.length - d - 1)).append(" ".repeat(indent + d + 1));
                }
            }
        }
        sb.append(']');
    }
}

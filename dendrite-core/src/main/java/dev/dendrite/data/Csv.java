package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for numeric CSV tables whose last column is an integer class label, including scikit-learn's files whose
 * first line is metadata ("n_samples,n_features,class names..."). A first line that is not all numbers is taken as
 * a header or such metadata and skipped. NaN, infinite and out-of-float32 values are errors.
 */
public final class Csv {
    private Csv() {}

    /** Features FLOAT32 (N, F) and labels INT64 (N) from the rows of {@code file} (plain or gzipped). */
    public static TensorDataset readClassification(Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Idx.open(file), StandardCharsets.UTF_8))) {
            return parse(file.toString(), r);
        }
    }

    static TensorDataset parse(String source, BufferedReader r) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        String line;
        int lineNo = 0;
        int width = -1;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            double[] values = new double[fields.length];
            boolean numeric = true;
            for (int i = 0; i < fields.length && numeric; i++) {
                try {
                    values[i] = Double.parseDouble(fields[i].trim());
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            boolean sklearnMetadata = lineNo == 1 && numeric && fields.length >= 2 && fields.length <= 3
                    && values[0] == Math.rint(values[0]) && values[1] == Math.rint(values[1]);
            if (lineNo == 1 && (!numeric || sklearnMetadata)) {
                continue;
            }
            if (!numeric) {
                throw new DataFormatException(source + ": line " + lineNo + ": non-numeric field in '" + abbreviate(line) + "'");
            }
            if (width < 0) {
                width = fields.length;
            } else if (fields.length != width) {
                throw new DataFormatException(source + ": line " + lineNo + ": " + fields.length + " fields, earlier rows have "
                        + width);
            }
            if (width < 2) {
                throw new DataFormatException(source + ": line " + lineNo + ": need at least one feature and a label");
            }
            double label = values[width - 1];
            if (label != Math.rint(label) || label < 0) {
                throw new DataFormatException(source + ": line " + lineNo + ": label " + fields[width - 1].trim()
                        + " is not a non-negative integer class");
            }
            float[] features = new float[width - 1];
            for (int i = 0; i < width - 1; i++) {
                features[i] = (float) values[i];
                if (!Float.isFinite(features[i])) {
                    throw new DataFormatException(source + ": line " + lineNo + ": field " + (i + 1) + " is "
                            + fields[i].trim() + ", not a finite float32 number (|x| < 3.4e38)");
                }
            }
            rows.add(features);
            labels.add((long) label);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(source + ": no data rows");
        }
        float[] flat = new float[rows.size() * (width - 1)];
        long[] y = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * (width - 1), width - 1);
            y[i] = labels.get(i);
        }
        return new TensorDataset(Tensor.fromArray(flat, rows.size(), width - 1), Tensor.fromArray(y));
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}

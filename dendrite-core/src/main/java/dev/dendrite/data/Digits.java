package dev.dendrite.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The UCI optical digits set shipped inside Dendrite (1,797 8x8 images, CC BY 4.0; see DIGITS-NOTICE.txt): the
 * default data set that needs no download.
 */
public final class Digits {
    private Digits() {}

    /** All 1,797 samples: inputs FLOAT32 (1797, 64) scaled from 0..16 to [0, 1], labels INT64 (1797). */
    public static TensorDataset load() {
        try (InputStream raw = Digits.class.getResourceAsStream("digits.csv.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            TensorDataset d = Csv.parse("digits.csv.gz (embedded)", r);
            return new TensorDataset(d.inputs().div(16), d.targets());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded digits set", e);
        }
    }
}

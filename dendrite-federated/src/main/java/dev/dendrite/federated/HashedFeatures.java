package dev.dendrite.federated;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Text as a fixed-length vector without a shared vocabulary, which federated clients could not agree on without
 * showing each other their words: each lower-cased token (a run of letters or digits, or one of "$" and "!") is
 * hashed into one of {@code dimensions} buckets, a bucket holds log(1 + count), and the vector is scaled to unit
 * length. Header tokens get a prefix of their own, so "free" in a subject and in a body are different features.
 */
public record HashedFeatures(int dimensions) {
    public HashedFeatures {
        if (dimensions < 2 || Integer.bitCount(dimensions) != 1) {
            throw new IllegalArgumentException("HashedFeatures: dimensions must be a power of two >= 2, got " + dimensions);
        }
    }

    /** The vector of an e-mail: the tokens of its Subject and From headers (prefixed) and of its body. */
    public float[] email(String headers, String body) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String line : headers.split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("subject:") || lower.startsWith("from:")) count(lower, "h:", counts);
        }
        count(body.toLowerCase(Locale.ROOT), "", counts);
        return vector(counts);
    }

    /** The vector of a plain text. */
    public float[] text(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        count(text.toLowerCase(Locale.ROOT), "", counts);
        return vector(counts);
    }

    private void count(String text, String prefix, Map<Integer, Integer> counts) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                while (i < n && Character.isLetterOrDigit(text.charAt(i))) i++;
                if (i - start <= 40) counts.merge(bucket(prefix + text.substring(start, i)), 1, Integer::sum);
            } else {
                if (c == '$' || c == '!') counts.merge(bucket(prefix + c), 1, Integer::sum);
                i++;
            }
        }
    }

    private int bucket(String token) {
        int h = token.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (dimensions - 1);
    }

    private float[] vector(Map<Integer, Integer> counts) {
        float[] v = new float[dimensions];
        double norm = 0;
        for (var e : counts.entrySet()) {
            double x = Math.log1p(e.getValue());
            v[e.getKey()] = (float) x;
            norm += x * x;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dimensions; i++) v[i] *= scale;
        }
        return v;
    }
}

// Reads src/test/resources/fixtures/torch-reference.tsv, written by make_fixtures.py with PyTorch:
// one tensor per line, "name<TAB>dims<TAB>values", as FLOAT64 tensors.
package dev.dendrite.testing;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

public final class TorchFixtures {
    private static Map<String, Tensor> cache;

    private TorchFixtures() {}

    /** The named reference tensor (FLOAT64). */
    public static synchronized Tensor get(String name) {
        if (cache == null) {
            cache = load();
        }
        Tensor t = cache.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no fixture named " + name);
        }
        return t.clone();
    }

    /** Every fixture whose name starts with {@code prefix}, keyed by the rest of its name (a state dict). */
    public static synchronized Map<String, Tensor> withPrefix(String prefix) {
        if (cache == null) {
            cache = load();
        }
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        cache.keySet().stream().filter(k -> k.startsWith(prefix)).sorted()
                .forEach(k -> out.put(k.substring(prefix.length()), cache.get(k).clone()));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no fixture starts with " + prefix);
        }
        return out;
    }

    /** The named fixture as INT64 (for class targets). */
    public static Tensor longs(String name) {
        return get(name).to(DType.INT64);
    }

    private static Map<String, Tensor> load() {
        Map<String, Tensor> out = new HashMap<>();
        try (var in = TorchFixtures.class.getResourceAsStream("/fixtures/torch-reference.tsv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] parts = line.split("\t", -1);
                int[] dims = parts[1].isEmpty() ? new int[0] : Arrays.stream(parts[1].split(",")).mapToInt(Integer::parseInt).toArray();
                double[] values = Arrays.stream(parts[2].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
                Tensor t = Tensor.fromArray(values);
                out.put(parts[0], t.reshape(dims));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixtures", e);
        }
        return out;
    }
}

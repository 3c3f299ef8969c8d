// Builds the one JSON object a --json run prints to stdout: keys in insertion order, values numbers,
// strings, booleans or nested lists of numbers.
package dev.dendrite.cli;

import dev.dendrite.io.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class JsonObject {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonObject put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(Json.quote(k)).append(':').append(value(v)));
        return sb.append('}').toString();
    }

    private static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case Double d when !Double.isFinite(d) -> "null";
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case List<?> list -> "[" + String.join(",", list.stream().map(JsonObject::value).toList()) + "]";
            case JsonObject o -> o.toString();
            default -> Json.quote(v.toString());
        };
    }
}

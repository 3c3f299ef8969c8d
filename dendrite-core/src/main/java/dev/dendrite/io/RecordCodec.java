package dev.dendrite.io;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One codec between a config record and string key/value pairs: what checkpoint metadata stores, what `--set
 * key=value` gives, and what `dendrite models` lists. Keys are the record's component names in kebab case (seqLen
 * -&gt; seq-len); values of int, long, double, boolean, String, enums and int[] (comma-separated) are supported.
 * Decoding starts from a record of defaults and replaces what the map names, then lets the record's constructor
 * validate the whole.
 */
public final class RecordCodec {
    private RecordCodec() {}

    /** One option of a config record: its key, a word for its type, and its value in the record described. */
    public record Option(String key, String type, String value) {}

    /** Every component of {@code config} as key -> value, in declaration order. */
    public static Map<String, String> encode(Record config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            out.put(key(c), format(read(c, config)));
        }
        return out;
    }

    /** {@link #encode} with every key under {@code prefix} ("config." + "hidden"), for one section of metadata. */
    public static Map<String, String> encode(Record config, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        encode(config).forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /** The entries of {@code values} under {@code prefix}, without it: the section {@link #encode(Record, String)} wrote. */
    public static Map<String, String> section(Map<String, String> values, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The options of {@code config} with their types and values (its defaults, for a record of defaults). */
    public static List<Option> describe(Record config) {
        List<Option> out = new ArrayList<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            out.add(new Option(key(c), typeWord(c.getType()), format(read(c, config))));
        }
        return out;
    }

    /**
     * A record of {@code defaults}' type whose components named in {@code values} are parsed from them; an unknown
     * key, a malformed value or a value the record's constructor refuses throws a ConfigException naming it.
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R decode(R defaults, Map<String, String> values) {
        return build((Class<R>) defaults.getClass(), values, defaults);
    }

    /**
     * A record of type {@code type} parsed from {@code values}, which must name every component (as
     * {@link #encode} wrote them); a missing key throws a ConfigException naming it.
     */
    public static <R extends Record> R decode(Class<R> type, Map<String, String> values) {
        return build(type, values, null);
    }

    /** The record from {@code values}, a component they do not name taken from {@code defaults} (null: required). */
    private static <R extends Record> R build(Class<R> type, Map<String, String> values, R defaults) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> keys = Arrays.stream(components).map(RecordCodec::key).toList();
        for (String k : values.keySet()) {
            if (!keys.contains(k)) {
                throw new ConfigException("unknown option '" + k + "'" + (keys.isEmpty() ? "; this model has no options"
                        : "; the options are " + String.join(", ", keys)));
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String given = values.get(key(c));
            if (given != null) {
                args[i] = parse(key(c), given, c.getType());
            } else if (defaults != null) {
                args[i] = read(c, defaults);
            } else {
                throw new ConfigException("missing '" + key(c) + "' (" + type.getSimpleName() + " needs "
                        + String.join(", ", keys) + ")");
            }
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            String changed = values.entrySet().stream().map(v -> v.getKey() + "=" + v.getValue())
                    .collect(Collectors.joining(", "));
            throw new ConfigException((changed.isEmpty() ? "" : changed + ": ") + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RecordCodec: cannot construct " + type.getName(), e);
        }
    }

    /**
     * The options of a run being resumed: {@code saved}, with the values in {@code given} (options named again,
     * key -> value) for the keys in {@code extendable}; any other given value must equal the saved one once both
     * are parsed (so "0.0010" equals "0.001"), or a ConfigException names it.
     */
    public static <R extends Record> R resume(R saved, Map<String, String> given, java.util.Set<String> extendable) {
        Map<String, String> savedValues = encode(saved);
        Map<String, String> merged = new LinkedHashMap<>(savedValues);
        for (var e : given.entrySet()) {
            String key = e.getKey();
            String value = encode(decode(saved, Map.of(key, e.getValue()))).get(key);
            if (extendable.contains(key)) {
                merged.put(key, value);
            } else if (!value.equals(savedValues.get(key))) {
                throw new ConfigException(key + " is " + e.getValue() + " here but " + savedValues.get(key) + " in the run"
                        + " being resumed; leave it out to keep the run's value, or start a new run to change it");
            }
        }
        return decode(saved, merged);
    }

    /**
     * Parses "a=1,b=2,3" into {a: "1", b: "2,3"}: pairs are separated by a comma that precedes another key, so a
     * list value keeps its commas. Empty text gives an empty map.
     */
    public static Map<String, String> parsePairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",(?=\\s*[A-Za-z][\\w-]*\\s*=)")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("'" + pair.trim() + "' is not of the form key=value");
            }
            String key = pair.substring(0, eq).trim();
            if (out.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new ConfigException("option '" + key + "' is given twice");
            }
        }
        return out;
    }

    private static String key(RecordComponent c) {
        return c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RecordCodec: cannot read " + c.getName(), e);
        }
    }

    private static String format(Object v) {
        return switch (v) {
            case int[] a -> Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(","));
            case Enum<?> e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            default -> String.valueOf(v);
        };
    }

    private static String typeWord(Class<?> t) {
        if (t == int.class || t == long.class) return "integer";
        if (t == double.class) return "number";
        if (t == boolean.class) return "true|false";
        if (t == int[].class) return "integers, comma-separated";
        if (t.isEnum()) {
            return Arrays.stream(t.getEnumConstants()).map(RecordCodec::format).collect(Collectors.joining("|"));
        }
        return "text";
    }

    private static Object parse(String key, String value, Class<?> t) {
        try {
            if (t == int.class) return Integer.parseInt(value.trim());
            if (t == long.class) return Long.parseLong(value.trim());
            if (t == double.class) {
                double d = Double.parseDouble(value.trim());
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            if (t == int[].class) {
                return value.isBlank() ? new int[0]
                        : Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + value + ": expected " + typeWord(t));
        }
        if (t == boolean.class) {
            return switch (value.trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(key + "=" + value + ": expected true or false");
            };
        }
        if (t == String.class) return value;
        if (t.isEnum()) {
            for (Object constant : t.getEnumConstants()) {
                if (format(constant).equals(value.trim())) {
                    return constant;
                }
            }
            throw new ConfigException(key + "=" + value + ": expected one of " + typeWord(t));
        }
        throw new IllegalStateException("RecordCodec: unsupported component type " + t.getName() + " for " + key);
    }
}

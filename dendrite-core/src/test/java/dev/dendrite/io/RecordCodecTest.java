// The config codec: records to key/value pairs and back, --set parsing, and errors that name the key and value.
package dev.dendrite.io;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {
    enum Activation { RELU, LEAKY_RELU }

    record Config(int[] hidden, double dropout, int seqLen, boolean bias, Activation activation, String name) {
        Config {
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }
    }

    private static final Config DEFAULTS = new Config(new int[] {256, 128}, 0, 100, true, Activation.RELU, "x");

    @Test
    void encodesEveryComponentUnderItsKebabCaseName() {
        assertEquals(Map.of("hidden", "256,128", "dropout", "0.0", "seq-len", "100", "bias", "true",
                "activation", "relu", "name", "x"), RecordCodec.encode(DEFAULTS));
        assertEquals(new RecordCodec.Option("seq-len", "integer", "100"), RecordCodec.describe(DEFAULTS).get(2));
        assertEquals("relu|leaky-relu", RecordCodec.describe(DEFAULTS).get(4).type());
    }

    @Test
    void decodingReplacesOnlyTheNamedComponentsAndRoundTrips() {
        Config c = RecordCodec.decode(DEFAULTS, RecordCodec.parsePairs("hidden=512,64,32, seq-len=20,activation=leaky-relu"));
        assertArrayEquals(new int[] {512, 64, 32}, c.hidden());
        assertEquals(20, c.seqLen());
        assertEquals(Activation.LEAKY_RELU, c.activation());
        assertEquals(0, c.dropout());
        Config back = RecordCodec.decode(DEFAULTS, RecordCodec.encode(c));
        assertEquals(RecordCodec.encode(c), RecordCodec.encode(back));
    }

    @Test
    void badKeysAndValuesNameThemselves() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> RecordCodec.decode(DEFAULTS, Map.of("layers", "2")));
        assertTrue(unknown.getMessage().contains("unknown option 'layers'") && unknown.getMessage().contains("seq-len"),
                unknown.getMessage());
        for (var bad : List.of(Map.of("seq-len", "ten"), Map.of("dropout", "NaN"), Map.of("bias", "yes"),
                Map.of("hidden", "1,,2"), Map.of("activation", "tanh"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> RecordCodec.decode(DEFAULTS, bad));
            String pair = bad.keySet().iterator().next() + "=" + bad.values().iterator().next();
            assertTrue(e.getMessage().startsWith(pair + ": expected"), e.getMessage());
        }
        ConfigException refused = assertThrows(ConfigException.class,
                () -> RecordCodec.decode(DEFAULTS, Map.of("dropout", "1.5")));
        assertEquals("dropout=1.5: dropout must be in [0, 1), got 1.5", refused.getMessage());
        assertThrows(ConfigException.class, () -> RecordCodec.parsePairs("hidden"));
        assertThrows(ConfigException.class, () -> RecordCodec.parsePairs("a=1,a=2"));
    }

    @Test
    void aResumedRecordKeepsItsValuesExtendsTheExtendableAndRefusesOtherChanges() {
        Config saved = RecordCodec.decode(DEFAULTS, Map.of("seq-len", "50"));
        Config same = RecordCodec.resume(saved, Map.of("seq-len", "050", "hidden", "256, 128"), java.util.Set.of());
        assertEquals(RecordCodec.encode(saved), RecordCodec.encode(same));
        Config longer = RecordCodec.resume(saved, Map.of("seq-len", "80"), java.util.Set.of("seq-len"));
        assertEquals(80, longer.seqLen());
        ConfigException e = assertThrows(ConfigException.class,
                () -> RecordCodec.resume(saved, Map.of("dropout", "0.5"), java.util.Set.of("seq-len")));
        assertTrue(e.getMessage().startsWith("dropout is 0.5 here but 0.0 in the run being resumed"), e.getMessage());
    }
}

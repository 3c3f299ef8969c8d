// Runs the dendrite command in this JVM with stdout and stderr captured, and reads fields of its JSON output.
package dev.dendrite.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

final class Cli {
    private Cli() {}

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The value of a numeric field in a flat JSON object. */
    static double number(String json, String key) {
        int at = json.indexOf("\"" + key + "\":");
        assertTrue(at >= 0, key + " missing from " + json);
        String rest = json.substring(at + key.length() + 3);
        return Double.parseDouble(rest.split("[,}]")[0]);
    }

    /** The value of a string field in a flat JSON object (without escapes). */
    static String string(String json, String key) {
        int at = json.indexOf("\"" + key + "\":\"");
        assertTrue(at >= 0, key + " missing from " + json);
        String rest = json.substring(at + key.length() + 4);
        return rest.substring(0, rest.indexOf('"'));
    }
}

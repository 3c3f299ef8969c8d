// federated simulate end to end on a small labelled-text file: three masked clients learn the two classes, the
// JSON carries the keys the README names, and bad options are one error line with status 2.
package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.dendrite.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FederatedCommandsTest {
    @TempDir
    Path dir;

    private static final String[] SPAM = {"win", "cash", "free", "offer", "click", "prize"};
    private static final String[] HAM = {"meeting", "patch", "review", "lunch", "thanks", "build"};

    @Test
    void simulateLearnsWithMaskedClientsAndRefusesBadOptions() throws Exception {
        StringBuilder rows = new StringBuilder("label\ttext\n");
        dev.dendrite.tensor.Generator g = new dev.dendrite.tensor.Generator(3);
        for (int i = 0; i < 120; i++) {
            String[] words = i % 2 == 0 ? SPAM : HAM;
            rows.append(i % 2 == 0 ? "spam" : "ham").append('\t');
            for (int w = 0; w < 5; w++) rows.append(words[g.nextInt(words.length)]).append(' ');
            rows.append("the mail\n");
        }
        Path file = Files.writeString(dir.resolve("mail.tsv"), rows);
        Cli.Result result = run("federated", "simulate", "--data", "tsv:" + file, "--clients", "3", "--rounds", "3",
                "--secure-aggregation", "masking", "--dropouts", "1", "--target-accuracy", "0.9", "--json");
        assertEquals(0, result.status(), result.err());
        // disjoint vocabularies: observed 1.0 from the first round
        assertTrue(Cli.number(result.out(), "test_accuracy") >= 0.95, result.out());
        assertTrue(result.out().contains("\"rounds_to_target\":"), result.out());

        Cli.Result badSplit = run("federated", "simulate", "--data", "tsv:" + file, "--split", "shards:x");
        assertEquals(2, badSplit.status());
        assertTrue(badSplit.err().contains("--split") && badSplit.err().strip().lines().count() == 1, badSplit.err());
        Cli.Result tooManyGone = run("federated", "simulate", "--data", "tsv:" + file, "--clients", "3",
                "--dropouts", "2");
        assertEquals(2, tooManyGone.status());
        assertTrue(tooManyGone.err().contains("--dropouts 2"), tooManyGone.err());
        Cli.Result missing = run("federated", "simulate", "--data", "spam:" + dir.resolve("none.jsonl.gz"));
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("none.jsonl.gz"), missing.err());
    }
}

package dev.dendrite.cli;

import dev.dendrite.data.Bleu;
import dev.dendrite.data.DataFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** dendrite bleu: corpus BLEU of a file of translations against one or more reference files, as sacreBLEU scores. */
@Command(name = "bleu", mixinStandardHelpOptions = true,
        description = "Corpus BLEU (sacreBLEU's default: 13a tokens, exp smoothing) of translations against references.")
final class BleuCommand implements Callable<Integer> {
    @Option(names = "--hypotheses", required = true, description = "one translation a line (UTF-8)")
    Path hypotheses;
    @Option(names = "--references", required = true, split = ",",
            description = "one or more reference files (comma-separated), each with a line per translation")
    List<Path> references;
    @Option(names = "--json", description = "print one JSON object to stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<String> hyps = lines(hypotheses);
        List<List<String>> refs = new ArrayList<>();
        for (int i = 0; i < hyps.size(); i++) refs.add(new ArrayList<>());
        for (Path file : references) {
            List<String> r = lines(file);
            if (r.size() != hyps.size()) {
                throw new DataFormatException(file + ": " + r.size() + " lines for " + hyps.size() + " translations in "
                        + hypotheses);
            }
            for (int i = 0; i < r.size(); i++) refs.get(i).add(r.get(i));
        }
        Bleu.Score s = Bleu.corpusMulti(hyps, refs);
        if (json) {
            System.out.println(new JsonObject().put("bleu", s.score()).put("precisions", List.of(s.precisions()[0],
                    s.precisions()[1], s.precisions()[2], s.precisions()[3])).put("brevity_penalty", s.brevityPenalty())
                    .put("hypothesis_length", s.hypothesisLength()).put("reference_length", s.referenceLength()));
        } else {
            System.out.println(s);
        }
        return 0;
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + ": no such file");
        }
        List<String> out = new ArrayList<>(List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                .split("\r?\n", -1)));
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }
}

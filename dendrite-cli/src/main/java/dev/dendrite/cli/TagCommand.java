// dendrite tag: a tag for each word of a sentence from a checkpoint of a kind that tags (tagger).
// The sentence is split into words and punctuation marks as the Brown corpus splits them.
package dev.dendrite.cli;

import dev.dendrite.io.ConfigException;
import dev.dendrite.models.registry.Tagger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Tag each word of a sentence with its part of speech (universal tags).")
final class TagCommand implements Callable<Integer> {
    private static final Pattern TOKEN = Pattern.compile("\\w+(?:['.-]\\w+)*|[^\\w\\s]+");

    @Option(names = "--checkpoint", required = true, description = "a tagger's checkpoint written by `dendrite train`")
    Path checkpoint;
    @Parameters(arity = "1..*", description = "the sentence")
    List<String> words;

    @Override
    public Integer call() throws IOException {
        List<String> tokens = tokens(String.join(" ", words));
        if (tokens.isEmpty()) {
            throw new ConfigException("tag: the sentence has no words");
        }
        SavedCheckpoint saved = SavedCheckpoint.read(checkpoint);
        if (!(saved.restore() instanceof Tagger tagger)) {
            throw new ConfigException(checkpoint + " holds a " + saved.kind().name() + " model, which does not tag"
                    + " words; train one with --model tagger --data brown:FILE");
        }
        List<String> tags = tagger.tag(tokens);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.add(tokens.get(i) + "/" + tags.get(i));
        }
        System.out.println(String.join(" ", out));
        return 0;
    }

    /** Words (with inner apostrophes, periods or hyphens) and runs of punctuation. */
    static List<String> tokens(String sentence) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(sentence);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

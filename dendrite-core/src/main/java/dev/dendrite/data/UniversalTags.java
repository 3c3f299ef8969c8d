package dev.dendrite.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The twelve universal part-of-speech tags of Petrov, Das and McDonald (2012) and the reduction of the Brown
 * corpus's 472 tags to them. A Brown tag is a base tag with decorations: "-tl" (title), "-hl" (headline), "-nc"
 * (cited word), "fw-" (foreign word, tagged X), "$" (possessive), "*" (negation, "isn't" is bez*; alone it tags
 * "not", an adverb) and "+" joining the tags of a contraction ("I'm" is ppss+bem; the first part decides).
 */
public final class UniversalTags {
    /** The tag set, in the order tag ids use. */
    public static final List<String> TAGS = List.of("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ",
            "PRT", ".", "X");

    private static final Map<String, String> BASE = Map.ofEntries(
            Map.entry("nn", "NOUN"), Map.entry("nns", "NOUN"), Map.entry("np", "NOUN"), Map.entry("nps", "NOUN"),
            Map.entry("nr", "NOUN"), Map.entry("nrs", "NOUN"),
            Map.entry("vb", "VERB"), Map.entry("vbd", "VERB"), Map.entry("vbg", "VERB"), Map.entry("vbn", "VERB"),
            Map.entry("vbz", "VERB"), Map.entry("md", "VERB"),
            Map.entry("be", "VERB"), Map.entry("bed", "VERB"), Map.entry("bedz", "VERB"), Map.entry("beg", "VERB"),
            Map.entry("bem", "VERB"), Map.entry("ben", "VERB"), Map.entry("ber", "VERB"), Map.entry("bez", "VERB"),
            Map.entry("do", "VERB"), Map.entry("dod", "VERB"), Map.entry("doz", "VERB"),
            Map.entry("hv", "VERB"), Map.entry("hvd", "VERB"), Map.entry("hvg", "VERB"), Map.entry("hvn", "VERB"),
            Map.entry("hvz", "VERB"),
            Map.entry("jj", "ADJ"), Map.entry("jjr", "ADJ"), Map.entry("jjs", "ADJ"), Map.entry("jjt", "ADJ"),
            Map.entry("od", "ADJ"),
            Map.entry("rb", "ADV"), Map.entry("rbr", "ADV"), Map.entry("rbt", "ADV"), Map.entry("rn", "ADV"),
            Map.entry("wrb", "ADV"), Map.entry("ql", "ADV"), Map.entry("qlp", "ADV"), Map.entry("wql", "ADV"),
            Map.entry("pn", "PRON"), Map.entry("pp", "PRON"), Map.entry("ppl", "PRON"), Map.entry("ppls", "PRON"),
            Map.entry("ppo", "PRON"), Map.entry("pps", "PRON"), Map.entry("ppss", "PRON"), Map.entry("wp", "PRON"),
            Map.entry("wpo", "PRON"), Map.entry("wps", "PRON"),
            Map.entry("at", "DET"), Map.entry("ap", "DET"), Map.entry("abl", "DET"), Map.entry("abn", "DET"),
            Map.entry("abx", "DET"), Map.entry("dt", "DET"), Map.entry("dti", "DET"), Map.entry("dts", "DET"),
            Map.entry("dtx", "DET"), Map.entry("wdt", "DET"), Map.entry("ex", "DET"),
            Map.entry("in", "ADP"), Map.entry("cs", "ADP"),
            Map.entry("cd", "NUM"),
            Map.entry("cc", "CONJ"),
            Map.entry("rp", "PRT"), Map.entry("to", "PRT"),
            Map.entry("uh", "X"), Map.entry("nil", "X"));

    private UniversalTags() {}

    /** The universal tag of a Brown tag; an unknown base tag is an error naming it. */
    public static String fromBrown(String brownTag) {
        String t = brownTag.toLowerCase(Locale.ROOT);
        if (t.startsWith("fw-")) {
            return "X";
        }
        int plus = t.indexOf('+');
        if (plus > 0) {
            t = t.substring(0, plus);
        }
        t = t.replaceAll("(-tl|-hl|-nc)+$", "");
        if (t.isEmpty()) {
            throw new DataFormatException("universal tags: Brown tag '" + brownTag + "' has no base tag");
        }
        if (t.equals("*")) {
            return "ADV"; // not, n't
        }
        if (!Character.isLetter(t.charAt(0))) {
            return "."; // punctuation tags are the punctuation itself: . , : ( ) -- `` '' '
        }
        String base = t.replaceAll("[$*]+$", "");
        String tag = BASE.get(base);
        if (tag == null) {
            throw new DataFormatException("universal tags: unknown Brown tag '" + brownTag + "' (base '" + base + "')");
        }
        return tag;
    }
}

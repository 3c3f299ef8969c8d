package dev.dendrite.data;

import java.util.Arrays;

/**
 * The 1-of-N code of a character-level model (seed 003): every distinct character (Unicode code point) of a text
 * gets an id, in code-point order, so the same text always gives the same ids.
 */
public final class CharVocabulary {
    private final int[] symbols; // id -> code point, ascending

    private CharVocabulary(int[] symbols) {
        this.symbols = symbols;
    }

    /** Every distinct character of {@code text}. */
    public static CharVocabulary of(String text) {
        return new CharVocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /** The vocabulary whose characters are those of {@link #symbols()}, in that order (as saved in a checkpoint). */
    public static CharVocabulary fromSymbols(String symbols) {
        int[] cps = symbols.codePoints().toArray();
        for (int i = 1; i < cps.length; i++) {
            if (cps[i] <= cps[i - 1]) {
                throw new DataFormatException("character vocabulary: symbols must be distinct and ascending, but U+"
                        + String.format("%04X", cps[i]) + " follows U+" + String.format("%04X", cps[i - 1]));
            }
        }
        return new CharVocabulary(cps);
    }

    public int size() {
        return symbols.length;
    }

    /** All characters, id order. */
    public String symbols() {
        return new String(symbols, 0, symbols.length);
    }

    /** The ids of {@code text}; a character outside the vocabulary is an error naming it and where it is. */
    public long[] encode(String text) {
        int[] cps = text.codePoints().toArray();
        long[] ids = new long[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int id = Arrays.binarySearch(symbols, cps[i]);
            if (id < 0) {
                throw new DataFormatException("character vocabulary: '" + Character.toString(cps[i]) + "' (U+"
                        + String.format("%04X", cps[i]) + ") at position " + i + " is not among the " + symbols.length
                        + " characters the model knows");
            }
            ids[i] = id;
        }
        return ids;
    }

    public String decode(long... ids) {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            sb.appendCodePoint(symbols[(int) id]);
        }
        return sb.toString();
    }
}

package dev.barnum.cli;

import java.util.List;
import java.util.Locale;

/**
 * How a run prints what it found on stdout: the seed's text report, or one JSON document of the
 * REST API's views ({@code schema/barnum.schema.json}).
 */
public enum OutputFormat {
    TEXT,
    JSON;

    /** The names {@code --output} takes, as shell completion offers them. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values())
                    .map(f -> f.name().toLowerCase(Locale.ROOT))
                    .iterator();
        }
    }

    /**
     * Whether these words ask for JSON, in any of the forms picocli takes for {@code -o} and {@code
     * --output} ({@code --output json}, {@code --output=json}, {@code -o json}, {@code -ojson}):
     * known before picocli parses them, so that a refusal of the words themselves can be a JSON
     * document too.
     */
    static boolean requested(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : "";
            if (((word.equals("--output") || word.equals("-o")) && isJson(next))
                    || word.equalsIgnoreCase("--output=json")
                    || word.equalsIgnoreCase("-o=json")
                    || word.equalsIgnoreCase("-ojson")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJson(String word) {
        return word.equalsIgnoreCase("json");
    }
}

package dev.barnum.remote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quotes an argv for a POSIX shell: the only way Barnum turns words into a remote command line. A
 * word made only of safe characters stays as it is; any other is single-quoted, with each {@code '}
 * written as {@code '\''}, so the shell sees exactly the original word.
 */
public final class ShellQuote {

    private static final String SAFE_PUNCTUATION = "_./:=@%+,-";

    private ShellQuote() {}

    public static String quote(String word) {
        if (isSafe(word)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code [A-Za-z0-9_./:=@%+,-]+}, without a regex: every word of every poll passes here. */
    private static boolean isSafe(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && SAFE_PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    public static String join(List<String> argv) {
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}

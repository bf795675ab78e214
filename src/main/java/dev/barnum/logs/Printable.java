package dev.barnum.logs;

import java.util.List;

/**
 * Text from a home (a log line, a watcher name, a value of circus.ini) made safe to print: every
 * control character but a tab is shown escaped ({@code \x1b}, {@code \x85}), and so are Unicode's
 * line separators and bidirectional overrides (U+2028, U+202E), so that what a user wrote cannot
 * move an operator's cursor, retitle the terminal, forge another line or show itself in another
 * order.
 */
final class Printable {

    /** The most characters of a name or value shown in a message. */
    static final int MESSAGE_LIMIT = 300;

    /** The most names a message lists. */
    static final int LIST_LIMIT = 20;

    private Printable() {}

    /** {@code text} with its control characters escaped, cut to {@value #MESSAGE_LIMIT}. */
    static String of(String text) {
        String shown = text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) : text;
        return escaped(shown, false) + (shown.length() < text.length() ? "..." : "");
    }

    /** Names for a message: the first {@value #LIST_LIMIT}, each as {@link #of}. */
    static String list(List<String> names) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(names.size(), LIST_LIMIT); i++) {
            shown.append(i == 0 ? "" : ", ").append(of(names.get(i)));
        }
        if (names.size() > LIST_LIMIT) {
            shown.append(" and ").append(names.size() - LIST_LIMIT).append(" more");
        }
        return shown.toString();
    }

    /**
     * @param keepTabs whether a tab stays as it is (in a log line) or is escaped too
     */
    static String escaped(String text, boolean keepTabs) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape =
                    (Character.isISOControl(c) && !(keepTabs && c == '\t')) || misleading(c);
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escape) {
                out.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Line and paragraph separators, bidirectional embeddings, overrides and isolates. */
    private static boolean misleading(char c) {
        return c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}

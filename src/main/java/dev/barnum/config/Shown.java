package dev.barnum.config;

/**
 * Text from input (a file, a host's output) as an error message quotes it: on one line, control
 * characters and line separators written as escapes ({@code \n}, {@code \r}, {@code \u001b}), and
 * not the whole of a long text. Messages are one line: a log or a report must not be split, or
 * forged, by what a user or a host wrote.
 */
public final class Shown {

    private Shown() {}

    /** At most {@code max} characters of {@code text} (then how long it was), on one line. */
    public static String of(String text, int max) {
        if (text.length() <= max) {
            return oneLine(text);
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return oneLine(text.substring(0, end)) + "... (" + text.length() + " characters)";
    }

    /** All of {@code text}, on one line. */
    public static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.toString();
    }
}

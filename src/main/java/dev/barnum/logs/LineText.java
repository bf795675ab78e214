package dev.barnum.logs;

import java.nio.charset.StandardCharsets;

/**
 * One line of a log as Barnum shows it: decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD),
 * its control characters escaped ({@link Printable}), at most {@value #LINE_LIMIT} bytes of it, the
 * rest said, not shown: {@code ... [12345 more bytes]}.
 */
final class LineText {

    /** The most bytes of one line shown. */
    static final int LINE_LIMIT = 8 * 1024;

    private LineText() {}

    /**
     * @param bytes holds the line from {@code from} (inclusive) to {@code to} (exclusive), without
     *     its line feed
     * @param dropped bytes of the line already dropped beyond {@code to} (a line followed while it
     *     grew), counted in the marker
     */
    static String of(byte[] bytes, int from, int to, long dropped) {
        int end = to > from && bytes[to - 1] == '\r' && dropped == 0 ? to - 1 : to;
        int shown = end;
        if (end - from > LINE_LIMIT) {
            shown = from + LINE_LIMIT;
            while (shown > from && (bytes[shown] & 0xC0) == 0x80) {
                shown--; // not in the middle of a character
            }
        }
        String text = Printable.escaped(decode(bytes, from, shown), true);
        long more = end - shown + dropped;
        return more > 0 ? text + " [... " + more + " more bytes]" : text;
    }

    /** UTF-8, each malformed sequence replaced by U+FFFD (what {@code new String} does). */
    private static String decode(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}

package dev.barnum.circus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one ini file line by line the way circus 0.19.0's {@code StrictConfigParser} does (not
 * Python's stock configparser, and not ini4j):
 *
 * <ul>
 *   <li>blank lines are skipped; a line starting with {@code #} or {@code ;}, or whose first word
 *       is {@code rem} in any case (at column 0), is a comment;
 *   <li>{@code [name]} opens a section (name verbatim up to the last {@code ]}, case-sensitive); a
 *       repeated section continues the first one;
 *   <li>{@code key = value} or {@code key : value}, split at whichever delimiter comes first; the
 *       key keeps its case; a repeated key keeps its FIRST value, silently;
 *   <li>in a value only the first {@code ;}, and only when white space precedes it, starts a
 *       comment; {@code #} never does; {@code ""} means the empty value;
 *   <li>an indented line continues the previous key's value (joined with a newline);
 *   <li>a line without {@code =} or {@code :} is a key without value: ignored;
 *   <li>no {@code %(name)s} interpolation.
 * </ul>
 *
 * Pure: no I/O. Time and memory are linear in the text: the file may be hostile (see {@link
 * CircusIni}).
 */
public final class IniParser {

    private IniParser() {}

    /**
     * Parses the text of one file.
     *
     * @param text the whole file, any line endings ({@code \n}, {@code \r\n}, {@code \r})
     * @param fileName names the file in the exception message
     * @return a new map, in file order: section name to (key to value). {@code [DEFAULT]} is a
     *     section like the others here; inheriting from it is the caller's business
     * @throws CircusIniException when a line that is not blank or a comment comes before the first
     *     section header (Python's MissingSectionHeaderError: circusd refuses the file); the
     *     message names the file and that line number
     */
    public static Map<String, Map<String, String>> parse(String text, String fileName)
            throws CircusIniException {
        // values grow in builders: joining each continuation line to a String copied the whole
        // value
        // every time, quadratic in the file (a 1 MiB file of continuation lines took 20 s)
        Map<String, Map<String, StringBuilder>> sections = new LinkedHashMap<>();
        Map<String, StringBuilder> section = null;
        String key = null; // the key that an indented line continues; null right after a header
        int lineNo = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            if (isBlank(line) || line.charAt(0) == '#' || line.charAt(0) == ';' || isRem(line)) {
                continue;
            }
            if (isSpace(line.charAt(0)) && section != null && key != null && !key.isEmpty()) {
                String more = strip(line);
                StringBuilder value = section.get(key);
                if (!more.isEmpty() && value != null) {
                    value.append('\n').append(more);
                }
                continue;
            }
            int close = line.lastIndexOf(']');
            if (line.charAt(0) == '[' && close > 1) {
                section =
                        sections.computeIfAbsent(
                                line.substring(1, close), n -> new LinkedHashMap<>());
                key = null;
            } else if (section == null) {
                throw new CircusIniException(
                        fileName
                                + ":"
                                + lineNo
                                + ": no section header (circusd refuses this file)");
            } else {
                int delimiter = firstDelimiter(line);
                key = rstrip(delimiter < 0 ? line : line.substring(0, delimiter));
                if (section.containsKey(key)) {
                    continue; // first definition wins; circus still lets indented lines extend it
                }
                if (delimiter < 0) {
                    key = null; // a key without a value: circus records None, Barnum ignores it
                } else {
                    section.put(
                            key, new StringBuilder(value(lstrip(line.substring(delimiter + 1)))));
                }
            }
        }
        Map<String, Map<String, String>> parsed = new LinkedHashMap<>();
        sections.forEach(
                (name, keys) -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    keys.forEach((k, v) -> values.put(k, v.toString()));
                    parsed.put(name, values);
                });
        return parsed;
    }

    /** The value after its delimiter (leading white space already removed). */
    private static String value(String raw) {
        int semicolon = raw.indexOf(';');
        // circus checks the first ';' only; at index 0 Python's optval[pos - 1] is the LAST
        // character
        if (semicolon >= 0
                && isSpace(raw.charAt(semicolon == 0 ? raw.length() - 1 : semicolon - 1))) {
            raw = raw.substring(0, semicolon);
        }
        String value = strip(raw);
        return value.equals("\"\"") ? "" : value;
    }

    private static int firstDelimiter(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        return equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
    }

    private static boolean isRem(String line) {
        int end = 0;
        while (end < line.length() && !isSpace(line.charAt(end))) {
            end++;
        }
        return line.substring(0, end).equalsIgnoreCase("rem");
    }

    /** Python's {@code str.isspace()} for one character (Java's isWhitespace misses NBSP, NEL). */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Python's {@code str.split()}: the white-space separated words; none for null. */
    static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        int start = -1;
        String text = value == null ? "" : value + " ";
        for (int i = 0; i < text.length(); i++) {
            if (!isSpace(text.charAt(i))) {
                start = start < 0 ? i : start;
            } else if (start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    private static boolean isBlank(String s) {
        return lstrip(s).isEmpty();
    }

    static String strip(String s) {
        return rstrip(lstrip(s));
    }

    private static String lstrip(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}

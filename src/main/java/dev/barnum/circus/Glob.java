package dev.barnum.circus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code glob.glob} (non-recursive), as circus uses it for {@code include} and
 * {@code include_dir}: {@code *}, {@code ?} and {@code [...]}/{@code [!...]} in any path
 * component; a name starting with {@code .} matches only a pattern starting with {@code .};
 * components without wildcards must exist (a dangling symlink counts). Unlike Python, the
 * matches come back sorted, so the reading order does not depend on the directory listing.
 */
final class Glob {

    private Glob() {
    }

    /** The existing paths matching {@code pattern}, sorted; empty when none (never an error). */
    static List<Path> matches(Path pattern) {
        List<Path> found = new ArrayList<>();
        found.add(pattern.getRoot() != null ? pattern.getRoot() : Path.of(""));
        for (int i = 0; i < pattern.getNameCount(); i++) {
            String part = pattern.getName(i).toString();
            boolean last = i == pattern.getNameCount() - 1;
            List<Path> next = new ArrayList<>();
            for (Path dir : found) {
                if (hasWildcard(part)) {
                    next.addAll(list(dir, part, last));
                } else if (Files.exists(dir.resolve(part), LinkOption.NOFOLLOW_LINKS)) {
                    next.add(dir.resolve(part));
                }
            }
            found = next;
        }
        Collections.sort(found);
        return found;
    }

    private static List<Path> list(Path dir, String part, boolean last) {
        List<Path> names = new ArrayList<>();
        Pattern regex;
        try {
            regex = translate(part);
        } catch (PatternSyntaxException e) {
            return names; // e.g. a reversed range [z-a], which never matches in Python either
        }
        Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(listed)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((name.startsWith(".") && !part.startsWith("."))
                        || !regex.matcher(name).matches()
                        || (!last && !Files.isDirectory(entry))) {
                    continue;
                }
                names.add(dir.resolve(name));
            }
        } catch (IOException | SecurityException e) {
            // not a directory, or unreadable: Python's glob yields nothing here either
        }
        return names;
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** Python's {@code fnmatch.translate}, case-sensitive as on POSIX. */
    static Pattern translate(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            int close = c == '[' ? classEnd(glob, i) : -1;
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (close > 0) {
                String inside = glob.substring(i + 1, close);
                boolean negated = inside.startsWith("!");
                re.append(negated ? "[^" : "[");
                for (int k = negated ? 1 : 0; k < inside.length(); k++) {
                    char ch = inside.charAt(k);
                    boolean range = ch == '-' && k > (negated ? 1 : 0) && k < inside.length() - 1;
                    re.append(range ? "-" : literal(ch));
                }
                re.append(']');
                i = close;
            } else {
                re.append(literal(c)); // includes an unclosed '[', taken literally
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Index of the ']' closing the '[' at {@code open}, or -1: "[]...]" and "[!]...]" hold a ']'. */
    private static int classEnd(String glob, int open) {
        int j = open + 1;
        if (j < glob.length() && glob.charAt(j) == '!') {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++;
        }
        return glob.indexOf(']', j);
    }

    private static String literal(char c) {
        return c < 128 && !Character.isLetterOrDigit(c) ? "\\" + c : String.valueOf(c);
    }
}

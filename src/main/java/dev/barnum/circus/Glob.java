package dev.barnum.circus;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code glob.glob} (non-recursive), as circus uses it for {@code include} and {@code
 * include_dir}: {@code *}, {@code ?} and {@code [...]}/{@code [!...]} in any path component; a name
 * starting with {@code .} matches only a pattern starting with {@code .}; components without
 * wildcards must exist (a dangling symlink counts). Unlike Python, the matches come back sorted, so
 * the reading order does not depend on the directory listing.
 *
 * <p>The walk asks a {@link Gate} before it looks inside any folder and counts every name it looks
 * up or lists against it, so that the caller decides where it may go and how far: a user's pattern
 * must not make root look into someone else's folder, or walk the whole file system.
 */
final class Glob {

    private Glob() {}

    /** Where the walk may look, and how much. */
    interface Gate {

        /**
         * Called before anything inside {@code folder} is looked up or listed.
         *
         * @throws CircusIniException to stop the walk: the folder may not be looked into
         */
        void enter(Path folder) throws CircusIniException;

        /**
         * Called for each name looked up or listed.
         *
         * @throws CircusIniException to stop the walk: it has cost too much
         */
        void lookUp() throws CircusIniException;
    }

    /**
     * The existing paths matching {@code parts}, one pattern per path component, below {@code
     * start}; sorted; empty when none. In a component that is not the last, a symbolic link is kept
     * whatever it points to: whether it may be followed is the gate's to say when the walk enters
     * it.
     *
     * @param start the folder the walk begins in (entered first, through the gate)
     * @param parts path components, each a plain name (also {@code ..}) or a pattern with wildcards
     * @throws CircusIniException only as the gate throws it
     */
    static List<Path> matches(Path start, List<String> parts, Gate gate) throws CircusIniException {
        List<Path> found = List.of(start);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            List<Path> next = new ArrayList<>();
            for (Path dir : found) {
                gate.enter(dir);
                if (hasWildcard(part)) {
                    next.addAll(list(dir, part, last, gate));
                } else {
                    gate.lookUp();
                    if (Files.exists(dir.resolve(part), LinkOption.NOFOLLOW_LINKS)) {
                        next.add(dir.resolve(part));
                    }
                }
            }
            found = next;
        }
        List<Path> sorted = new ArrayList<>(found);
        Collections.sort(sorted);
        return sorted;
    }

    private static List<Path> list(Path dir, String part, boolean last, Gate gate)
            throws CircusIniException {
        List<Path> names = new ArrayList<>();
        Pattern regex;
        try {
            regex = translate(part);
        } catch (PatternSyntaxException e) {
            return names; // e.g. a reversed range [z-a], which never matches in Python either
        }
        if (!Files.isDirectory(dir)) {
            // the JDK opens a folder to list it without O_DIRECTORY: on a FIFO that open blocks for
            // good
            return names; // and Python's glob yields nothing for what is not a directory
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                gate.lookUp();
                String name = entry.getFileName().toString();
                if ((name.startsWith(".") && !part.startsWith("."))
                        || !regex.matcher(name).matches()
                        || (!last && !folderOrLink(entry))) {
                    continue;
                }
                names.add(dir.resolve(name));
            }
        } catch (IOException | SecurityException | DirectoryIteratorException e) {
            // not a directory, or unreadable: Python's glob yields nothing here either
        }
        return names;
    }

    /**
     * Without following a link: following it is looking where it points, which is the gate's to
     * allow.
     */
    private static boolean folderOrLink(Path entry) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(
                            entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() || attributes.isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
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

    /**
     * Index of the ']' closing the '[' at {@code open}, or -1: "[]...]" and "[!]...]" hold a ']'.
     */
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

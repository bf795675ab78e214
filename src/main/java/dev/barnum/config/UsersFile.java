package dev.barnum.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code circus_users.yaml}: a YAML list of Unix user names ({@code - user1}).
 *
 * <p>Bounded so that no input can make loading slow: at most {@link #SIZE_LIMIT} bytes (read
 * through a stream, whatever size the file system reports) and lines of at most {@link #LINE_LIMIT}
 * characters (snakeyaml's scanner is quadratic in the length of a line: a 6 MB line took 14 to 30
 * s, and 50 MB never ended); no aliases to collections, little nesting.
 */
public final class UsersFile {

    /** The largest users file: a list of names; 1 MiB is some 30,000 of them. */
    public static final int SIZE_LIMIT = 1 << 20;

    /**
     * The longest line: room for a flow list of a few thousand names on one line, short enough that
     * the scanner's quadratic cost stays in milliseconds.
     */
    public static final int LINE_LIMIT = 1 << 16;

    /** How much of a value a message quotes. */
    private static final int SHOWN = 64;

    private UsersFile() {}

    /**
     * @return the users in file order, without duplicates
     * @throws BadInputException with a one-line message naming the file (and the line where known)
     *     when the file is unreadable, larger than {@link #SIZE_LIMIT} bytes, not UTF-8, has a line
     *     longer than {@link #LINE_LIMIT} characters, is not YAML, is not a list, or holds an entry
     *     that is not a valid user name
     */
    public static List<String> load(Path file) {
        String text = read(file);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new BadInputException(
                    at(file, e.getProblemMark())
                            + "malformed YAML: "
                            + Shown.oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new BadInputException(
                    file + ": malformed YAML: " + Shown.oneLine(String.valueOf(e.getMessage())));
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof SequenceNode list)) {
            throw new BadInputException(
                    at(file, root.getStartMark()) + "expected a YAML list of user names (- user1)");
        }
        LinkedHashSet<String> users = new LinkedHashSet<>();
        for (Node entry : list.getValue()) {
            if (!(entry instanceof ScalarNode scalar) || !Tag.STR.equals(scalar.getTag())) {
                throw new BadInputException(
                        at(file, entry.getStartMark())
                                + "expected a user name, found "
                                + describe(entry));
            }
            String user = scalar.getValue();
            if (!Names.isUser(user)) {
                throw new BadInputException(
                        at(file, entry.getStartMark())
                                + shown(user)
                                + " is not a valid Unix user name");
            }
            users.add(user);
        }
        return new ArrayList<>(users);
    }

    /** snakeyaml's limits, tightened to what a list of names needs. */
    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(
                SIZE_LIMIT); // the file is already at most that many bytes, so code points
        options.setNestingDepthLimit(
                8); // a list of names is 1 deep; deeper is refused as not a name anyway
        options.setMaxAliasesForCollections(
                0); // no "billion laughs": a list of names needs no alias
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** The file as text: at most SIZE_LIMIT bytes of UTF-8, no line longer than LINE_LIMIT. */
    private static String read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(SIZE_LIMIT + 1); // one byte more tells a file over the limit
        } catch (NoSuchFileException e) {
            throw new BadInputException(
                    file
                            + ": the users file does not exist (set barnum.users-file or BARNUM_USERS_FILE)");
        } catch (IOException e) {
            throw new BadInputException(
                    file + ": cannot read the users file: " + Shown.oneLine(String.valueOf(e)));
        }
        if (bytes.length > SIZE_LIMIT) {
            throw new BadInputException(
                    file
                            + ": larger than "
                            + SIZE_LIMIT
                            + " bytes; a users file is a list of names");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": cannot read the users file: not UTF-8 text");
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r';
            if (end && i - start > LINE_LIMIT) {
                throw new BadInputException(
                        file + ":" + line + ": line longer than " + LINE_LIMIT + " characters");
            }
            if (end) {
                if (i + 1 < text.length() && text.charAt(i) == '\r' && text.charAt(i + 1) == '\n') {
                    i++; // CRLF ends one line
                }
                line++;
                start = i + 1;
            }
        }
        return text;
    }

    private static String at(Path file, Mark mark) {
        return mark == null ? file + ": " : file + ":" + (mark.getLine() + 1) + ": ";
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return shown(scalar.getValue()) + " (" + tagName(scalar.getTag()) + ")";
        }
        return "a " + node.getNodeId().name().toLowerCase(Locale.ROOT);
    }

    /**
     * "int" for YAML's own tags, the tag as written otherwise (Tag.getClassName throws on a tag
     * such as "!$").
     */
    private static String tagName(Tag tag) {
        String value = tag.getValue();
        return Shown.of(
                value.startsWith(Tag.PREFIX) ? value.substring(Tag.PREFIX.length()) : value, SHOWN);
    }

    /** A value from the file, quoted in a message: one line, and not the whole of a long value. */
    private static String shown(String value) {
        return "'" + Shown.of(value, SHOWN) + "'";
    }
}

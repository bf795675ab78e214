package dev.barnum.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

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
 */
public final class UsersFile {

    private UsersFile() {
    }

    /**
     * @return the users in file order, without duplicates
     * @throws BadInputException naming the file and line when the file is unreadable, is not YAML,
     *         is not a list, or holds an entry that is not a valid user name
     */
    public static List<String> load(Path file) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new BadInputException(at(file, e.getProblemMark()) + "malformed YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new BadInputException(file + ": malformed YAML: " + e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file + ": the users file does not exist (set barnum.users-file or BARNUM_USERS_FILE)");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the users file: " + e);
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof SequenceNode list)) {
            throw new BadInputException(at(file, root.getStartMark()) + "expected a YAML list of user names (- user1)");
        }
        LinkedHashSet<String> users = new LinkedHashSet<>();
        for (Node entry : list.getValue()) {
            if (!(entry instanceof ScalarNode scalar) || !Tag.STR.equals(scalar.getTag())) {
                throw new BadInputException(at(file, entry.getStartMark()) + "expected a user name, found " + describe(entry));
            }
            String user = scalar.getValue();
            if (!Names.isUser(user)) {
                throw new BadInputException(at(file, entry.getStartMark()) + "'" + user + "' is not a valid Unix user name");
            }
            users.add(user);
        }
        return new ArrayList<>(users);
    }

    private static String at(Path file, Mark mark) {
        return mark == null ? file + ": " : file + ":" + (mark.getLine() + 1) + ": ";
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return "'" + scalar.getValue() + "' (" + scalar.getTag().getClassName() + ")";
        }
        return "a " + node.getNodeId().name().toLowerCase();
    }
}

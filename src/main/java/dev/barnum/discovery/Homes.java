package dev.barnum.discovery;

import dev.barnum.config.BadInputException;
import dev.barnum.config.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The users' circus homes ({@code /users/{user}/circus} by default): every child folder holding a
 * {@code circus.ini} is a host on which that user runs circus. Reads the local file system only.
 */
public final class Homes {

    private final String template;

    public Homes(String template) {
        if (!template.contains("{user}")) {
            throw new BadInputException("barnum.homes: '" + template + "' must contain {user}");
        }
        this.template = template;
    }

    public Path home(String user) {
        return Path.of(template.replace("{user}", user));
    }

    /** Where {@code user}'s circus.ini for {@code host} is, whether or not it exists. */
    public Path ini(String user, String host) {
        return home(user).resolve(host).resolve("circus.ini");
    }

    /**
     * @throws BadInputException naming the home when a user's home is missing or unreadable
     */
    public Inventory discover(List<String> users) {
        Map<String, List<Instance>> hosts = new TreeMap<>();
        for (String user : users) {
            for (String host : hostsOf(user)) {
                hosts.computeIfAbsent(host, h -> new ArrayList<>())
                        .add(new Instance(user, host, ini(user, host)));
            }
        }
        return Inventory.of(users, hosts);
    }

    private List<String> hostsOf(String user) {
        Path home = home(user);
        if (!Files.isDirectory(home)) {
            throw new BadInputException(home + ": circus home of user " + user + " does not exist");
        }
        try (Stream<Path> children = Files.list(home)) {
            Path realHome = home.toRealPath();
            return children.filter(child -> isHostFolder(child, realHome))
                    .map(child -> child.getFileName().toString())
                    .filter(Names::isHost)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(
                    home + ": cannot read the circus home of user " + user + ": " + e.getMessage());
        }
    }

    /**
     * A folder of the home holding a {@code circus.ini} (a link to one counts: reading it is then
     * refused in the open, see {@code CircusIni}). A link to a folder counts only when it leads
     * inside the home, and whatever is at its target otherwise is not looked at: Barnum runs as
     * root, and a host appearing or not would tell the user what exists where they cannot look.
     */
    private static boolean isHostFolder(Path child, Path realHome) {
        try {
            if (Files.isSymbolicLink(child) && !child.toRealPath().startsWith(realHome)) {
                return false;
            }
        } catch (IOException | SecurityException e) {
            return false; // leads nowhere: not a host, as one leading outside
        }
        return Files.isDirectory(child)
                && Files.exists(child.resolve("circus.ini"), LinkOption.NOFOLLOW_LINKS);
    }
}

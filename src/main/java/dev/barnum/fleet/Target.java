package dev.barnum.fleet;

import dev.barnum.config.BadInputException;
import dev.barnum.config.Names;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Inventory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a command is aimed at: every host, one {@code host}, or one {@code user@host}. */
public record Target(Optional<String> user, Optional<String> host) {

    public static final Target ALL = new Target(Optional.empty(), Optional.empty());

    /**
     * @param text empty or {@code all} for every host, {@code host}, or {@code user@host}
     * @throws BadInputException naming the argument when it is not one of those shapes
     */
    public static Target parse(String text) {
        if (text == null || text.isEmpty() || text.equals("all")) {
            return ALL;
        }
        int at = text.indexOf('@');
        String user = at < 0 ? null : text.substring(0, at);
        String host = text.substring(at + 1);
        if ((user != null && !Names.isUser(user)) || !Names.isHost(host)) {
            throw new BadInputException(
                    "invalid target '"
                            + text
                            + "': expected host or user@host (letters, digits, . _ -)");
        }
        return new Target(Optional.ofNullable(user), Optional.of(host));
    }

    public static Target user(String user, String host) {
        return new Target(Optional.of(user), Optional.of(host));
    }

    /**
     * The hosts this target covers, checked against what the homes say.
     *
     * @throws BadInputException naming the host, user or missing circus.ini when the target is
     *     unknown
     */
    public List<String> hosts(Inventory inventory, Homes homes, Path usersFile) {
        if (host.isEmpty()) {
            return List.copyOf(inventory.hosts().keySet());
        }
        String name = host.get();
        if (user.isPresent()) {
            String who = user.get();
            if (!inventory.users().contains(who)) {
                throw new BadInputException(
                        "unknown user '" + who + "': not listed in " + usersFile);
            }
            if (inventory.instance(who, name).isEmpty()) {
                throw new BadInputException(
                        "no circus for "
                                + who
                                + "@"
                                + name
                                + ": "
                                + homes.ini(who, name)
                                + " does not exist");
            }
        } else if (!inventory.hosts().containsKey(name)) {
            throw new BadInputException(
                    "unknown host '"
                            + name
                            + "': no user listed in "
                            + usersFile
                            + " has "
                            + homes.ini("<user>", name));
        }
        return List.of(name);
    }

    @Override
    public String toString() {
        return host.map(h -> user.map(u -> u + "@").orElse("") + h).orElse("all");
    }
}
